package ai.vidsynth.topology.config;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Every Kafka client of the service and its tools (the topic admin of {@code run} and {@code demo}, the
 * producers of {@code feed}, {@code replay} and {@code soak}, the consumers of {@code sink} and {@code eval})
 * configured in one place, as Kafka Streams is in {@link StreamsProperties}: the bootstrap servers, the
 * {@code kafka.*} pass-through settings that client type knows (security.protocol, SASL, TLS, client.id...;
 * settings only Kafka Streams knows are not handed to a plain client, which would warn about them), and the
 * record-size limits that multi-megabyte frames need.
 */
public final class KafkaClients {

    private final ServiceConfig config;

    public KafkaClients(ServiceConfig config) {
        this.config = config;
    }

    /** For {@code Admin.create}. */
    public Properties admin() {
        return common(AdminClientConfig.configNames());
    }

    /** An idempotent producer of records up to {@link ServiceConfig#maxRequestBytes()}. */
    public Properties producer() {
        Properties p = common(ProducerConfig.configNames());
        p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxRequestBytes());
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return p;
    }

    /** A read_committed consumer in {@code groupId} that can fetch the largest records the service writes. */
    public Properties consumer(String groupId) {
        Properties p = common(ConsumerConfig.configNames());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.maxRequestBytes());
        p.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * config.maxRequestBytes());
        return p;
    }

    /**
     * A read_committed consumer outside any group (it assigns itself partitions and commits nothing), for a
     * reader that only follows the newest records, such as the viewer page's feed.
     */
    public Properties follower() {
        Properties p = common(ConsumerConfig.configNames());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.maxRequestBytes());
        p.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * config.maxRequestBytes());
        return p;
    }

    private Properties common(Set<String> known) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        for (Map.Entry<String, String> e : config.kafkaPassThrough().entrySet()) {
            if (known.contains(e.getKey())) {
                p.put(e.getKey(), e.getValue());
            }
        }
        return p;
    }
}
