package ai.vidsynth.topology;

import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.SchemaRegistry;
import ai.vidsynth.schemas.serde.AvroDeserializer;
import ai.vidsynth.schemas.serde.AvroSerializer;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for the real-broker tests: a producer of frames, read_committed consumers of the outputs. */
public final class KafkaTestClients {

    private KafkaTestClients() {}

    /** A service configuration for tests on a real broker: its own registry scope, application id and state folder. */
    public static ServiceConfig serviceConfig(String bootstrap, String registryScope, String applicationId, Path stateDir, int partitions) {
        return ServiceConfig.defaults().with(Map.of(
                Setting.BOOTSTRAP_SERVERS, bootstrap,
                Setting.SCHEMA_REGISTRY_URL, "mock://" + registryScope,
                Setting.APPLICATION_ID, applicationId,
                Setting.STATE_DIR, stateDir.toString(),
                Setting.TOPIC_PARTITIONS, String.valueOf(partitions)));
    }

    public static void produce(String bootstrap, String topic, SchemaRegistry registry, List<SemanticFrame> frames, List<byte[]> rawExtras) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 20 * 1024 * 1024);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AvroSerializer<SemanticFrame> ser = new AvroSerializer<>(SemanticFrame.getClassSchema(), registry, false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (SemanticFrame f : frames) {
                producer.send(new ProducerRecord<>(topic, f.getVideoId(), ser.serialize(topic, f)));
            }
            for (byte[] raw : rawExtras) {
                producer.send(new ProducerRecord<>(topic, "junk", raw));
            }
            producer.flush();
        }
    }

    public static <T extends org.apache.avro.specific.SpecificRecord> List<ConsumerRecord<String, T>> consume(String bootstrap, String topic, AvroDeserializer<T> de,
            Predicate<List<ConsumerRecord<String, T>>> done, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 20 * 1024 * 1024);
        List<ConsumerRecord<String, T>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(p, new StringDeserializer(), de)) {
            consumer.subscribe(List.of(topic));
            while (!done.test(out) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    public static AvroDeserializer<SynthesizedFrame> synthesized(SchemaRegistry r) {
        return new AvroDeserializer<>(SynthesizedFrame.getClassSchema(), r);
    }

    public static AvroDeserializer<FrameRejected> rejectedFrames(SchemaRegistry r) {
        return new AvroDeserializer<>(FrameRejected.getClassSchema(), r);
    }
}
