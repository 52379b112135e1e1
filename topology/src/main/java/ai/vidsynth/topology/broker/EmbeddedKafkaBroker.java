package ai.vidsynth.topology.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real, single-node Kafka broker inside this JVM: KRaft combined mode (broker + controller), storage
 * formatted by Kafka's own {@code StorageTool}, internal topics with replication 1, limits raised for
 * full-size frames. Used by {@code demo} and the integration tests so that neither needs Docker.
 * Small settings (log cleaner buffer, partitions of internal topics) keep it within about 300 MB of heap.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Largest record the broker accepts: a 2048x1024 RGB frame as PNG plus its envelope fits easily. */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

    private final Path logDir;
    private final boolean ownsDir;
    private final int port;
    private final Properties props;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path logDir, boolean ownsDir, int port, Properties props, KafkaRaftServer server) {
        this.logDir = logDir;
        this.ownsDir = ownsDir;
        this.port = port;
        this.props = props;
        this.server = server;
    }

    /** Starts a broker on free ports with its data in a fresh temporary folder, deleted on close. */
    public static EmbeddedKafkaBroker start() {
        try {
            return start(Files.createTempDirectory("vidsynth-kafka"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EmbeddedKafkaBroker start(Path logDir, boolean deleteOnClose) {
        return start(logDir, deleteOnClose, freePort(), freePort());
    }

    /**
     * A broker on the given ports with its data in {@code logDir}; a folder already formatted (by an earlier broker
     * that stopped or was killed) is started with its topics and offsets as they were.
     */
    public static EmbeddedKafkaBroker start(Path logDir, boolean deleteOnClose, int port, int controllerPort) {
        return start(logDir, deleteOnClose, port, controllerPort, Map.of());
    }

    /**
     * As {@link #start(Path, boolean, int, int)}, with broker settings replaced or added (for example a SASL_SSL
     * client listener, its credentials and an authorizer).
     */
    public static EmbeddedKafkaBroker start(Path logDir, boolean deleteOnClose, int port, int controllerPort,
            Map<String, String> overrides) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // single node: every internal topic has one replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // full-size frames
        p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        p.put("socket.request.max.bytes", String.valueOf(4 * MAX_MESSAGE_BYTES));
        // small heap: the cleaner's dedupe buffer defaults to 128 MB
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.put("auto.create.topics.enable", "false");
        p.putAll(overrides);
        try {
            Files.createDirectories(logDir);
            // a folder an earlier broker formatted keeps its cluster id: formatting it again (even with
            // --ignore-formatted) gives it a new one, and the broker then refuses its own metadata log
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(p, logDir);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafkaBroker(logDir, deleteOnClose, port, p, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Formats the log directory with Kafka's StorageTool, as {@code kafka-storage.sh format} would. */
    private static void format(Properties p, Path logDir) throws IOException {
        Path config = logDir.resolve("server.properties");
        try (var out = Files.newOutputStream(config)) {
            p.store(out, "embedded vidsynth broker");
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                "--ignore-formatted"}, new PrintStream(log, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed: " + log.toString(StandardCharsets.UTF_8));
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Stops the broker cleanly and starts it again on the same ports and data: a broker restart. */
    public void restart() {
        server.shutdown();
        server.awaitShutdown();
        server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (ownsDir) {
            deleteRecursively(logDir);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder left behind is not worth failing a shutdown
        }
    }
}
