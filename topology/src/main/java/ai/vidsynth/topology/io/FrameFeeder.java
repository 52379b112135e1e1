package ai.vidsynth.topology.io;

import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.topology.config.KafkaClients;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.schemas.FrameControl;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.registry.SchemaRegistry;
import ai.vidsynth.schemas.serde.AvroSerializer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes videos as SemanticFrame records (key = video id), optionally paced at a frame rate. The first
 * frame carries the start control and the last the end control, so the service resets and frees the
 * video's state exactly at the sequence's bounds.
 */
public final class FrameFeeder implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerializer<SemanticFrame> serializer;
    private final String topic;

    /** @param producer the producer's settings ({@code KafkaClients.producer()}) */
    public FrameFeeder(Properties producer, String topic, SchemaRegistry registry) {
        this.producer = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
        this.serializer = new AvroSerializer<>(SemanticFrame.getClassSchema(), registry, false);
        this.topic = topic;
    }

    /** A feeder of the service's input topic, with the service's client settings and schema registry. */
    public static FrameFeeder forService(ServiceConfig config) {
        return new FrameFeeder(new KafkaClients(config).producer(), config.inputTopic(),
                SchemaRegistries.forConfig(config.registryClientConfig()));
    }

    /** Sends one frame; returns the record's serialized size. */
    public int send(VideoSource video, int index, Long seed, Map<String, Integer> classStyles) {
        return send(video.videoId(), index, video.frames().get(index), index == 0, index == video.frames().size() - 1, seed,
                classStyles);
    }

    /**
     * Sends {@code f} as frame {@code index} of {@code videoId}, with the start and end controls as given; returns
     * the record's serialized size.
     */
    public int send(String videoId, int index, VideoSource.Frame f, boolean first, boolean last, Long seed,
            Map<String, Integer> classStyles) {
        FrameControl control = first || last || seed != null || !classStyles.isEmpty()
                ? FrameControl.newBuilder().setStartOfSequence(first).setEndOfSequence(last).setSeed(seed)
                        .setClassStyles(classStyles).build()
                : null;
        SemanticFrame frame = SemanticFrame.newBuilder()
                .setVideoId(videoId)
                .setFrameIndex(index)
                .setTimestamp(Instant.now())
                .setWidth(f.width())
                .setHeight(f.height())
                .setLabels(ByteBuffer.wrap(f.labelsPng()))
                .setInstances(f.instancesPng() == null ? null : ByteBuffer.wrap(f.instancesPng()))
                .setControl(control)
                .build();
        byte[] value = serializer.serialize(topic, frame);
        producer.send(new ProducerRecord<>(topic, videoId, value), (meta, e) -> {
            if (e != null) {
                System.err.println("could not publish frame " + index + " of " + videoId + ": " + e.getMessage());
            }
        });
        return value.length;
    }

    /** Sends a whole video, paced at {@code fps} (0 = as fast as possible). */
    public void sendVideo(VideoSource video, double fps, Long seed, Map<String, Integer> classStyles) throws InterruptedException {
        awaitReady();
        long start = System.nanoTime();
        for (int i = 0; i < video.frames().size(); i++) {
            if (fps > 0) {
                long due = start + (long) (i * 1e9 / fps);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            send(video, i, seed, classStyles);
        }
        producer.flush();
    }

    /**
     * Does now what a first send would otherwise do late: fetch the topic's metadata (the producer blocks for it) and
     * register the schema (a registry round trip; the serializer's first use). A paced feed would otherwise send its
     * first frame late (measured: 75 ms on the embedded broker) and the next ones in a burst.
     */
    public void awaitReady() {
        producer.partitionsFor(topic);
        serializer.serialize(topic, SemanticFrame.newBuilder().setVideoId("-").setFrameIndex(0).setTimestamp(Instant.now())
                .setWidth(1).setHeight(1).setLabels(ByteBuffer.allocate(0)).build());
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
