package ai.vidsynth.topology.config;

import ai.vidsynth.model.runtime.ModelDevice;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The service's configuration, typed and validated in one place. Values come from the defaults, then a
 * properties file, then {@code VIDSYNTH_*} environment variables, then explicit overrides (command-line
 * options), later sources winning. Keys starting with {@code kafka.} in the file (or {@code VIDSYNTH_KAFKA_*})
 * pass through to Kafka Streams unchanged, for settings this class does not name. Keys starting with
 * {@code registry.} (or {@code VIDSYNTH_REGISTRY_*}) pass through, under Confluent's client names, to the schema
 * registry client: e.g. {@code registry.basic.auth.credentials.source=USER_INFO}, {@code registry.max.retries=10}.
 */
public final class ServiceConfig {

    private final Map<Setting, String> values;
    private final Map<String, String> kafkaPassThrough;
    private final Map<String, String> registryPassThrough;

    private ServiceConfig(Map<Setting, String> values, Map<String, String> kafkaPassThrough, Map<String, String> registryPassThrough) {
        this.values = values;
        this.kafkaPassThrough = kafkaPassThrough;
        this.registryPassThrough = registryPassThrough;
        validate();
    }

    public static ServiceConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    /**
     * @param propertiesFile optional properties file
     * @param env            environment (normally {@code System.getenv()})
     * @param overrides      highest-priority values by setting
     */
    public static ServiceConfig load(Path propertiesFile, Map<String, String> env, Map<Setting, String> overrides) {
        Map<Setting, String> v = new EnumMap<>(Setting.class);
        Map<String, String> kafka = new LinkedHashMap<>();
        Map<String, String> registry = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            v.put(s, s.defaultValue());
        }
        if (propertiesFile != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(propertiesFile)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read configuration " + propertiesFile + ": " + e.getMessage(), e);
            }
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("kafka.")) {
                    kafka.put(key.substring("kafka.".length()), p.getProperty(key));
                } else if (key.startsWith("registry.")) {
                    registry.put(key.substring("registry.".length()), p.getProperty(key));
                } else {
                    v.put(byKey(key, propertiesFile.toString()), p.getProperty(key));
                }
            }
        }
        for (Setting s : Setting.values()) {
            if (env.containsKey(s.envName())) {
                v.put(s, env.get(s.envName()));
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith("VIDSYNTH_KAFKA_")) {
                kafka.put(name.substring("VIDSYNTH_KAFKA_".length()).toLowerCase().replace('_', '.'), value);
            } else if (name.startsWith("VIDSYNTH_REGISTRY_")) {
                registry.put(name.substring("VIDSYNTH_REGISTRY_".length()).toLowerCase().replace('_', '.'), value);
            }
        });
        v.putAll(overrides);
        return new ServiceConfig(v, kafka, registry);
    }

    private static Setting byKey(String key, String source) {
        for (Setting s : Setting.values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown setting '" + key + "' in " + source
                + " (Kafka settings go under 'kafka.', e.g. kafka.max.poll.records)");
    }

    /** A copy with some settings replaced. */
    public ServiceConfig with(Map<Setting, String> changes) {
        Map<Setting, String> v = new EnumMap<>(values);
        v.putAll(changes);
        return new ServiceConfig(v, kafkaPassThrough, registryPassThrough);
    }

    public ServiceConfig with(Setting s, String value) {
        return with(Map.of(s, value));
    }

    private void validate() {
        for (Setting s : Setting.values()) {
            if (values.get(s) == null || values.get(s).isBlank()) {
                throw new IllegalArgumentException(s.key() + " must not be empty");
            }
        }
        positive(Setting.TOPIC_PARTITIONS);
        positive(Setting.STREAM_THREADS);
        positive(Setting.MAX_FRAME_WIDTH);
        positive(Setting.MAX_FRAME_HEIGHT);
        positive(Setting.MAX_RECORD_BYTES);
        positive(Setting.MAX_FRAME_GAP);
        positive(Setting.IDLE_TIMEOUT_MS);
        positive(Setting.BATCH_MAX_SIZE);
        if (number(Setting.BATCH_MAX_WAIT_MS) < 0) {
            throw new IllegalArgumentException("batch.max.wait.ms must be >= 0");
        }
        bool(Setting.PIPELINE);
        positive(Setting.PUNCTUATE_INTERVAL_MS);
        positive(Setting.COMMIT_INTERVAL_MS);
        ModelDevice.parse(get(Setting.MODEL_DEVICE));
        if (number(Setting.MODEL_THREADS) < 0) {
            throw new IllegalArgumentException("model.threads must be >= 0 (0 = the engine's default)");
        }
        if (number(Setting.LATENCY_BUDGET_MS) < 0) {
            throw new IllegalArgumentException("latency.budget.ms must be >= 0 (0 = off)");
        }
        if (number(Setting.STANDBY_REPLICAS) < 0) {
            throw new IllegalArgumentException("standby.replicas must be >= 0");
        }
        String g = processingGuarantee();
        if (!g.equals("exactly_once_v2") && !g.equals("at_least_once")) {
            throw new IllegalArgumentException("processing.guarantee must be exactly_once_v2 or at_least_once, got " + g);
        }
    }

    private boolean bool(Setting s) {
        String v = values.get(s).trim().toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(s.key() + " must be true or false, got '" + values.get(s) + "'");
        }
        return v.equals("true");
    }

    private void positive(Setting s) {
        if (number(s) <= 0) {
            throw new IllegalArgumentException(s.key() + " must be positive, got " + values.get(s));
        }
    }

    private long number(Setting s) {
        try {
            return Long.parseLong(values.get(s).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s.key() + " must be a number, got '" + values.get(s) + "'");
        }
    }

    public String get(Setting s) {
        return values.get(s);
    }

    public String bootstrapServers() { return get(Setting.BOOTSTRAP_SERVERS); }
    public String applicationId() { return get(Setting.APPLICATION_ID); }
    public String schemaRegistryUrl() { return get(Setting.SCHEMA_REGISTRY_URL); }
    public String inputTopic() { return get(Setting.INPUT_TOPIC); }
    public String outputTopic() { return get(Setting.OUTPUT_TOPIC); }
    public String rejectedTopic() { return get(Setting.REJECTED_TOPIC); }
    public int topicPartitions() { return (int) number(Setting.TOPIC_PARTITIONS); }
    public short replicationFactor() { return (short) number(Setting.REPLICATION_FACTOR); }
    public Path modelDir() { return Path.of(get(Setting.MODEL_DIR)); }
    public Path stateDir() { return Path.of(get(Setting.STATE_DIR)); }
    /**
     * This instance's {@code group.instance.id} (static membership), if any. A member that rejoins under its old id
     * gets its partitions back without a rebalance, instead of waiting for the dead member's session to time out
     * (measured after kill -9: 45 s with dynamic membership). {@code auto} derives it from the host name and the
     * absolute state directory: stable across restarts of one deployment, and distinct for two instances, which can
     * never share a state directory (Kafka Streams locks it).
     */
    public Optional<String> groupInstanceId() {
        String v = get(Setting.INSTANCE_ID).trim();
        if (v.equals("none")) {
            return Optional.empty();
        }
        if (!v.equals("auto")) {
            return Optional.of(v);
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        String dir = stateDir().toAbsolutePath().normalize().toString();
        return Optional.of(host + "-" + Integer.toHexString(dir.hashCode()));
    }

    public int streamThreads() { return (int) number(Setting.STREAM_THREADS); }
    public String processingGuarantee() { return get(Setting.PROCESSING_GUARANTEE); }
    public int maxFrameWidth() { return (int) number(Setting.MAX_FRAME_WIDTH); }
    public int maxFrameHeight() { return (int) number(Setting.MAX_FRAME_HEIGHT); }
    public int maxRecordBytes() { return (int) number(Setting.MAX_RECORD_BYTES); }
    /**
     * What a Kafka request, a fetch and a topic's max.message.bytes must allow: the largest accepted record plus
     * 1 MiB for the Avro envelope around the images and Kafka's record and batch overhead. Producers of frames
     * (max.request.size) and the topics the service does not create must allow as much.
     */
    public int maxRequestBytes() { return maxRecordBytes() + 1024 * 1024; }
    public long maxFrameGap() { return number(Setting.MAX_FRAME_GAP); }

    public ModelDevice modelDevice() { return ModelDevice.parse(get(Setting.MODEL_DEVICE)); }

    /** The model's intra-op threads on the CPU; 0 = the engine's default. */
    public int modelThreads() { return (int) number(Setting.MODEL_THREADS); }

    /** Whether a frame's model overlaps the publishing and commit of the frame before it (README: Pipelining). */
    public boolean pipelined() { return bool(Setting.PIPELINE); }

    public int batchMaxSize() { return (int) number(Setting.BATCH_MAX_SIZE); }

    public Duration batchMaxWait() { return Duration.ofMillis(number(Setting.BATCH_MAX_WAIT_MS)); }

    /** Real-time mode's budget; zero when off. */
    public Duration latencyBudget() { return Duration.ofMillis(number(Setting.LATENCY_BUDGET_MS)); }
    public Duration idleTimeout() { return Duration.ofMillis(number(Setting.IDLE_TIMEOUT_MS)); }
    public Duration punctuateInterval() { return Duration.ofMillis(number(Setting.PUNCTUATE_INTERVAL_MS)); }
    public int standbyReplicas() { return (int) number(Setting.STANDBY_REPLICAS); }
    public long commitIntervalMs() { return number(Setting.COMMIT_INTERVAL_MS); }
    public int httpPort() { return (int) number(Setting.HTTP_PORT); }

    /** How published frames are encoded. */
    public ai.vidsynth.topology.processor.FrameEncoding frameEncoding() {
        String format = get(Setting.OUTPUT_IMAGE_FORMAT).trim().toLowerCase(java.util.Locale.ROOT);
        float quality = Float.parseFloat(get(Setting.OUTPUT_JPEG_QUALITY).trim());
        return switch (format) {
            case "png" -> ai.vidsynth.topology.processor.FrameEncoding.PNG;
            case "jpeg", "jpg" -> {
                if (!(quality > 0 && quality <= 1)) {
                    throw new IllegalArgumentException("output.jpeg.quality must be in (0, 1], got " + quality);
                }
                yield ai.vidsynth.topology.processor.FrameEncoding.jpeg(quality);
            }
            default -> throw new IllegalArgumentException("output.image.format must be png or jpeg, got " + format);
        };
    }
    public String httpHost() { return get(Setting.HTTP_HOST); }

    /** The schema registry client's configuration, under Confluent's key names: the {@code registry.} settings and the URL. */
    public Map<String, String> registryClientConfig() {
        Map<String, String> c = new LinkedHashMap<>(registryPassThrough);
        c.put(Setting.SCHEMA_REGISTRY_URL.key(), schemaRegistryUrl());
        return Map.copyOf(c);
    }

    public Map<String, String> kafkaPassThrough() {
        return Map.copyOf(kafkaPassThrough);
    }
}
