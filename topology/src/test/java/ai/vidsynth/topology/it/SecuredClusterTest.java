package ai.vidsynth.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.registry.ApicurioRegistryServer;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import ai.vidsynth.topology.config.KafkaClients;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.io.FrameFeeder;
import ai.vidsynth.topology.io.FrameSink;
import ai.vidsynth.topology.io.VideoSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a secured cluster, as it runs in production: a broker that speaks only SASL/PLAIN over
 * TLS and authorizes by ACL, the service in its own JVM with its own user and only the ACLs it needs, all its
 * Kafka clients (topic set-up, Kafka Streams) configured by the same {@code kafka.*} settings. With the right
 * credentials frames flow; with a wrong password it stops at once with an error that says so; no password
 * appears in any log.
 */
class SecuredClusterTest {

    @RegisterExtension
    static final ApicurioRegistryServer REGISTRY = new ApicurioRegistryServer();

    static final String ADMIN_PASSWORD = "admin-pw-5f2a9c";
    static final String SERVICE_PASSWORD = "service-pw-8e1d47";
    static final String STORE_PASSWORD = "store-pw-3b6c0e";
    static final String APP = "secured-vidsynth";

    @Test
    void theServiceRunsOnSaslOverTlsWithItsAclsAndAWrongPasswordStopsItClearly(@TempDir Path work) throws Exception {
        Path keystore = work.resolve("broker.p12");
        Path truststore = work.resolve("trust.p12");
        certificates(work, keystore, truststore);
        int port = EmbeddedKafkaBroker.freePort();
        int controller = EmbeddedKafkaBroker.freePort();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"), true, port, controller,
                brokerSecurity(port, controller, keystore, truststore))) {
            ServiceConfig admin = config(broker, work, truststore, "admin", ADMIN_PASSWORD);
            grantServiceAcls(admin);

            Path good = writeServiceConfig(work.resolve("service.properties"), broker, work, truststore, SERVICE_PASSWORD);
            int http = EmbeddedKafkaBroker.freePort();
            ChildJvm service = ChildJvm.start(work.resolve("service.log"), Map.of(), "1g", "run", "--config", good.toString(),
                    "--http-port", Integer.toString(http));
            VideoSource video = VideoSource.simulated("secured", 3, 512, 256, 3);
            List<FrameSink.Received> received = new ArrayList<>();
            try (FrameFeeder feeder = FrameFeeder.forService(admin); FrameSink sink = FrameSink.forService(admin, "secured-check")) {
                feeder.sendVideo(video, 0, null, Map.of());
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (received.size() < 3 && System.nanoTime() < deadline) {
                    sink.poll(Duration.ofMillis(500), received::add);
                }
            }
            // what the HTTP endpoint shows of a secured service: its frames (the viewer's own consumer authenticates
            // with the same settings) and no credential anywhere
            Map<String, String> pages = new java.util.LinkedHashMap<>();
            long viewerDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            do {
                for (String path : List.of("", "health/ready", "health/live", "metrics", "videos")) {
                    pages.put(path, httpText(URI.create("http://127.0.0.1:" + http + "/" + path)));
                }
            } while (!pages.get("videos").contains("secured") && System.nanoTime() < viewerDeadline && sleep(500));
            service.terminate();
            assertEquals(3, received.size(), "outputs; service log: " + Files.readString(work.resolve("service.log")));
            assertTrue(pages.get("videos").contains("\"secured\""), "the viewer follows the secured output topic: " + pages.get("videos"));
            assertTrue(pages.get("metrics").contains("vidsynth_frames_synthesized_total"), "metrics served");
            pages.forEach((path, text) -> {
                for (String secret : List.of(SERVICE_PASSWORD, ADMIN_PASSWORD, STORE_PASSWORD)) {
                    assertFalse(text.contains(secret), "/" + path + " shows a password");
                }
            });
            assertTrue(received.stream().allMatch(r -> r.frame() != null), "every frame synthesized");

            Path bad = writeServiceConfig(work.resolve("wrong.properties"), broker, work, truststore, "not-the-password");
            long t0 = System.nanoTime();
            ChildJvm wrong = ChildJvm.start(work.resolve("wrong.log"), Map.of(), "1g", "run", "--config", bad.toString());
            assertTrue(wrong.awaitExit(Duration.ofSeconds(90)), "a wrong password must stop the service, not leave it retrying");
            String wrongLog = Files.readString(work.resolve("wrong.log"));
            assertNotEquals(0, wrong.exitValue(), wrongLog);
            assertTrue(wrongLog.contains("Authentication failed"), wrongLog);
            System.out.printf("wrong password: the service stopped %.1f s after start%n", (System.nanoTime() - t0) / 1e9);

            for (String log : List.of("service.log", "wrong.log")) {
                String text = Files.readString(work.resolve(log));
                for (String secret : List.of(SERVICE_PASSWORD, ADMIN_PASSWORD, STORE_PASSWORD)) {
                    assertFalse(text.contains(secret), log + " shows a password");
                }
            }
        }
    }

    private static String httpText(URI uri) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static boolean sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    /** A self-signed certificate for localhost and a trust store holding it, made with the JDK's keytool. */
    static void certificates(Path dir, Path keystore, Path truststore) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path cert = dir.resolve("broker.crt");
        run(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        run(keytool, "-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-file", cert.toString());
        run(keytool, "-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command[1]) + ": " + out);
    }

    static Map<String, String> brokerSecurity(int port, int controller, Path keystore, Path truststore) {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"" + ADMIN_PASSWORD
                + "\" user_admin=\"" + ADMIN_PASSWORD + "\" user_vidsynth=\"" + SERVICE_PASSWORD + "\";";
        return Map.ofEntries(
                Map.entry("listeners", "SASL_SSL://localhost:" + port + ",CONTROLLER://localhost:" + controller),
                Map.entry("advertised.listeners", "SASL_SSL://localhost:" + port),
                Map.entry("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "SASL_SSL"),
                Map.entry("sasl.enabled.mechanisms", "PLAIN"),
                Map.entry("sasl.mechanism.inter.broker.protocol", "PLAIN"),
                Map.entry("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas),
                Map.entry("ssl.keystore.location", keystore.toString()),
                Map.entry("ssl.keystore.password", STORE_PASSWORD),
                Map.entry("ssl.key.password", STORE_PASSWORD),
                Map.entry("ssl.keystore.type", "PKCS12"),
                Map.entry("ssl.truststore.location", truststore.toString()),
                Map.entry("ssl.truststore.password", STORE_PASSWORD),
                Map.entry("ssl.truststore.type", "PKCS12"),
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                // the controller listener is PLAINTEXT inside this one process: its principal is ANONYMOUS
                Map.entry("super.users", "User:admin;User:ANONYMOUS"));
    }

    static Map<String, String> clientSecurity(Path truststore, String user, String password) {
        return Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";",
                "ssl.truststore.location", truststore.toString(), "ssl.truststore.password", STORE_PASSWORD, "ssl.truststore.type", "PKCS12");
    }

    /** The configuration of a client of the secured broker: the service's settings with kafka.* security. */
    static ServiceConfig config(EmbeddedKafkaBroker broker, Path work, Path truststore, String user, String password) throws IOException {
        Path file = work.resolve(user + "-client.properties");
        Properties p = new Properties();
        clientSecurity(truststore, user, password).forEach((k, v) -> p.put("kafka." + k, v));
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return ServiceConfig.load(file, Map.of(), Map.of(Setting.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                Setting.SCHEMA_REGISTRY_URL, REGISTRY.url(), Setting.APPLICATION_ID, APP, Setting.TOPIC_PARTITIONS, "1"));
    }

    static Path writeServiceConfig(Path file, EmbeddedKafkaBroker broker, Path work, Path truststore, String password) throws IOException {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("schema.registry.url", REGISTRY.url());
        p.put("application.id", APP);
        p.put("topic.partitions", "1");
        p.put("state.dir", work.resolve("state").toString());
        p.put("model.dir", Path.of(System.getProperty("models.dir", "../models")).resolve("pix2pixhd-global-256x128").toString());
        clientSecurity(truststore, "vidsynth", password).forEach((k, v) -> p.put("kafka." + k, v));
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }

    /** What the service's user may do, and nothing more: its topics, its internal topics, group and transactions. */
    static void grantServiceAcls(ServiceConfig admin) throws Exception {
        String user = "User:vidsynth";
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(admin.inputTopic(), admin.outputTopic(), admin.rejectedTopic())) {
            acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.ALL, user));
        }
        acls.add(allow(ResourceType.TOPIC, APP + "-", PatternType.PREFIXED, AclOperation.ALL, user));
        acls.add(allow(ResourceType.GROUP, APP, PatternType.PREFIXED, AclOperation.ALL, user));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, APP, PatternType.PREFIXED, AclOperation.ALL, user));
        acls.add(allow(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE, user));
        try (Admin a = Admin.create(new KafkaClients(admin).admin())) {
            a.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation op, String principal) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }
}
