package ai.vidsynth.topology.http;

import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.schemas.serde.AvroDeserializer;
import ai.vidsynth.topology.config.KafkaClients;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.io.FrameSink;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the output topic from its end, read_committed, and hands each synthesized frame to {@link LiveFrames}:
 * the viewer shows exactly what the service's consumers get, only once it is committed, from every instance.
 * Its latency is the end-to-end one a consumer sees (input record's timestamp → committed frame read).
 */
public final class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<SynthesizedFrame> frames;
    private final String topic;
    private final LiveFrames live;
    private final Thread thread;
    private volatile boolean closed;

    private LiveFeed(ServiceConfig config, LiveFrames live) {
        this.consumer = new KafkaConsumer<>(new KafkaClients(config).follower(), new StringDeserializer(), new ByteArrayDeserializer());
        this.frames = new AvroDeserializer<>(SynthesizedFrame.getClassSchema(), SchemaRegistries.forConfig(config.registryClientConfig()));
        this.topic = config.outputTopic();
        this.live = live;
        this.thread = new Thread(this::run, "vidsynth-live-feed");
        this.thread.setDaemon(true);
    }

    /** Starts following the service's output topic. */
    public static LiveFeed start(ServiceConfig config, LiveFrames live) {
        LiveFeed feed = new LiveFeed(config, live);
        feed.thread.start();
        return feed;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    show(r);
                }
                live.expire(System.currentTimeMillis());
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("the viewer's feed of {} stopped", topic, e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void show(ConsumerRecord<String, byte[]> r) {
        SynthesizedFrame f;
        try {
            f = frames.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            LOG.warn("the viewer skips an undecodable record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        long now = System.currentTimeMillis();
        live.publish(f.getVideoId(), f.getFrameIndex(), FrameSink.imageBytes(f), f.getWidth(), f.getHeight(), f.getModelId(), now - r.timestamp(),
                f.getTimings() == null ? 0 : f.getTimings().getInferenceMs(), now);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
