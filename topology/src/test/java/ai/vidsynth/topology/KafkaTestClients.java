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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
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

    /** Raw values keyed as given, in order: for records written without the project's serializer. */
    public static void produceRaw(String bootstrap, String topic, String key, List<byte[]> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            values.forEach(v -> producer.send(new ProducerRecord<>(topic, key, v)));
            producer.flush();
        }
    }

    public static <T> List<ConsumerRecord<String, T>> consume(String bootstrap, String topic, Deserializer<T> de,
            Predicate<List<ConsumerRecord<String, T>>> done, Duration timeout) {
        Properties p = consumerProperties(bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
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

    /**
     * Every committed record of the topic, up to its end now. Unlike {@link #consume} it cannot stop early,
     * so a test can count exactly (a duplicate or a stray record would be in the list).
     */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrap), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end is the last stable offset, past which nothing is committed yet
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Waits until the consumer group (a Kafka Streams application id) has committed the end of every
     * partition of the topic: from then on, all it will ever make of that input is committed.
     */
    public static boolean awaitCommittedToEnd(String bootstrap, String groupId, String topic, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                if (ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset())) {
                    return true;
                }
                Thread.sleep(250);
            }
            return false;
        }
    }

    private static Properties consumerProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 20 * 1024 * 1024);
        return p;
    }

    public static AvroDeserializer<SynthesizedFrame> synthesized(SchemaRegistry r) {
        return new AvroDeserializer<>(SynthesizedFrame.getClassSchema(), r);
    }

    public static AvroDeserializer<FrameRejected> rejectedFrames(SchemaRegistry r) {
        return new AvroDeserializer<>(FrameRejected.getClassSchema(), r);
    }
}
