package ai.vidsynth.topology.io;

import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.topology.config.KafkaClients;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.ImageFormat;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.topology.processor.FrameEncoding;
import ai.vidsynth.schemas.registry.SchemaRegistry;
import ai.vidsynth.schemas.serde.AvroDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the service's outputs with {@code read_committed} (only frames of committed transactions) and hands
 * each synthesized frame or rejection to a callback; {@link #writePng} stores a frame as
 * {@code <dir>/<videoId>/<frameIndex>.png}.
 */
public final class FrameSink implements AutoCloseable {

    /** What the sink saw: a frame or a rejection, with the wall-clock time it arrived. */
    public record Received(SynthesizedFrame frame, FrameRejected rejection, long receivedAtMs, long recordTimestampMs) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<SynthesizedFrame> frames;
    private final AvroDeserializer<FrameRejected> rejections;
    private final String outputTopic;

    /** @param consumer the consumer's settings ({@code KafkaClients.consumer(group)}: read_committed) */
    public FrameSink(Properties consumer, String outputTopic, String rejectedTopic, SchemaRegistry registry) {
        this.consumer = new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer());
        this.frames = new AvroDeserializer<>(SynthesizedFrame.getClassSchema(), registry);
        this.rejections = new AvroDeserializer<>(FrameRejected.getClassSchema(), registry);
        this.outputTopic = outputTopic;
        this.consumer.subscribe(List.of(outputTopic, rejectedTopic));
    }

    /** A sink of the service's output and rejection topics in consumer group {@code groupId}, with the service's settings. */
    public static FrameSink forService(ServiceConfig config, String groupId) {
        return new FrameSink(new KafkaClients(config).consumer(groupId), config.outputTopic(), config.rejectedTopic(),
                SchemaRegistries.forConfig(config.registryClientConfig()));
    }

    /** Polls once and hands over what arrived; returns how many records. */
    public int poll(Duration timeout, Consumer<Received> handler) {
        int n = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            long now = System.currentTimeMillis();
            if (r.topic().equals(outputTopic)) {
                handler.accept(new Received(frames.deserialize(r.topic(), r.value()), null, now, r.timestamp()));
            } else {
                handler.accept(new Received(null, rejections.deserialize(r.topic(), r.value()), now, r.timestamp()));
            }
            n++;
        }
        return n;
    }

    /** Writes the frame's image, as published, to {@code <dir>/<videoId>/<frameIndex>.png} (or {@code .jpg}). */
    public static Path writeFrame(Path dir, SynthesizedFrame f) {
        Path file = folderOf(dir, f.getVideoId()).resolve(String.format("%06d.%s", f.getFrameIndex(),
                FrameEncoding.extension(f.getImageFormat())));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, imageBytes(f));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A video's folder under {@code dir}. A videoId is any string a producer chose: path separators, a leading dot
     * and control characters become '_', so no id names a file outside {@code dir}.
     */
    /** The frame's encoded image (PNG or JPEG, as its {@code imageFormat} says), copied out of the record. */
    public static byte[] imageBytes(SynthesizedFrame f) {
        byte[] bytes = new byte[f.getImage().remaining()];
        f.getImage().duplicate().get(bytes);
        return bytes;
    }

    /** The file {@link #writeFrame} wrote for a frame, whichever format it had; null when there is none. */
    public static Path frameFile(Path dir, String videoId, long frameIndex) {
        for (ImageFormat format : ImageFormat.values()) {
            Path file = folderOf(dir, videoId).resolve(String.format("%06d.%s", frameIndex, FrameEncoding.extension(format)));
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    public static Path folderOf(Path dir, String videoId) {
        String name = videoId.replaceAll("[/\\\\\\p{Cntrl}]", "_");
        if (name.isEmpty() || name.startsWith(".")) {
            name = "_" + name;
        }
        return dir.resolve(name);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
