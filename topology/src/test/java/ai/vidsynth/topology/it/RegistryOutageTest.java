package ai.vidsynth.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.registry.ApicurioRegistryServer;
import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.topology.KafkaTestClients;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry going away loses no frame: the service reaches the registry (Apicurio 2.4.2) through a
 * {@link TcpProxy} the test cuts for longer than the client's retry budget; producers use the registry
 * directly, so they can register while the service cannot. Once the connection is back, every input frame
 * is published or rejected exactly once (read_committed, counted after the service committed its whole
 * input), none is rejected for the outage, and the video's state carries on as if nothing had happened.
 * <p>The registry client keeps every id it has resolved, so an outage only matters for a schema id the
 * service has not seen yet: mid-stream, the frames of the outage come from a newer producer schema.
 */
class RegistryOutageTest {

    @RegisterExtension
    static final ApicurioRegistryServer REGISTRY = new ApicurioRegistryServer();

    /** Client retry budget of the service: 2 attempts 100 ms apart, connection errors are immediate. */
    static final int MAX_RETRIES = 1;
    /** Far longer than one retry budget, so the service must give up at least once and try again. */
    static final Duration OUTAGE = Duration.ofSeconds(8);

    @Test
    void registryDownMidStreamLosesNoFrame(@TempDir Path dir) throws Exception {
        List<SemanticFrame> frames = frames("mid", 6);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); TcpProxy proxy = new TcpProxy(REGISTRY.port())) {
            ServiceConfig config = serviceConfig(dir, broker.bootstrapServers(), proxy, "outage-mid");
            try (SynthesisService service = SynthesisService.start(config, new StateProbeSynthesizer())) {
                assertTrue(service.awaitRunning(Duration.ofSeconds(60)));
                KafkaTestClients.produce(broker.bootstrapServers(), config.inputTopic(), SchemaRegistries.forUrl(REGISTRY.url()),
                        frames.subList(0, 3), List.of());
                KafkaTestClients.consume(broker.bootstrapServers(), config.outputTopic(), new ByteArrayDeserializer(),
                        l -> l.size() >= 3, Duration.ofSeconds(60));

                proxy.cut();
                RestOnlyAvro rest = new RestOnlyAvro(REGISTRY.url());
                Schema newer = RestOnlyAvro.semanticFrameWithNote();
                int newerId = rest.register(config.inputTopic() + "-value", newer);
                List<byte[]> values = new ArrayList<>();
                for (SemanticFrame f : frames.subList(3, 6)) {
                    values.add(RestOnlyAvro.write(newerId, newer, RestOnlyAvro.asGeneric(newer, f)));
                }
                KafkaTestClients.produceRaw(broker.bootstrapServers(), config.inputTopic(), "mid", values);
                Thread.sleep(OUTAGE.toMillis());

                assertKeptTrying(proxy);
                assertEquals(3, KafkaTestClients.readAll(broker.bootstrapServers(), config.outputTopic()).size(), "nothing new published while down");
                assertNotEquals(KafkaStreams.State.ERROR, service.state());
                proxy.restore();

                assertEachFrameOnceAndNoneRejected(broker.bootstrapServers(), config, frames);
            }
        }
    }

    @Test
    void serviceStartedWhileTheRegistryIsDownLosesNoFrame(@TempDir Path dir) throws Exception {
        List<SemanticFrame> frames = frames("late", 4);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); TcpProxy proxy = new TcpProxy(REGISTRY.port())) {
            proxy.cut();
            ServiceConfig config = serviceConfig(dir, broker.bootstrapServers(), proxy, "outage-start");
            try (SynthesisService service = SynthesisService.start(config, new StateProbeSynthesizer())) {
                assertTrue(service.awaitRunning(Duration.ofSeconds(60)));
                KafkaTestClients.produce(broker.bootstrapServers(), config.inputTopic(), SchemaRegistries.forUrl(REGISTRY.url()), frames, List.of());
                Thread.sleep(OUTAGE.toMillis());

                assertKeptTrying(proxy);
                assertEquals(0, KafkaTestClients.readAll(broker.bootstrapServers(), config.outputTopic()).size(), "nothing published while down");
                proxy.restore();

                assertEachFrameOnceAndNoneRejected(broker.bootstrapServers(), config, frames);
            }
        }
    }

    /**
     * One client call gives up after at most 2 × (retries + 1) connections (the JDK's HTTP client may retry a
     * dropped connection once itself); more means the service came back to the frame during the outage
     * instead of waiting out a consumer-group session timeout.
     */
    static void assertKeptTrying(TcpProxy proxy) {
        assertTrue(proxy.refused() > 2 * (MAX_RETRIES + 1), "the service kept trying through the outage; refused " + proxy.refused());
    }

    static List<SemanticFrame> frames(String video, int n) {
        List<SemanticFrame> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(TestFrames.frame(video, i, StateProbeSynthesizer.SIZE_W, StateProbeSynthesizer.SIZE_H, 7 + (i % 3)));
        }
        return frames;
    }

    /** The service reaches the registry through the proxy, with a retry budget far shorter than the outage. */
    static ServiceConfig serviceConfig(Path dir, String bootstrap, TcpProxy proxy, String applicationId) throws Exception {
        Path file = dir.resolve("vidsynth.properties");
        Files.writeString(file, "registry.max.retries=" + MAX_RETRIES + "\nregistry.retries.wait.ms=100\nregistry.retries.max.wait.ms=200\n"
                + "registry.http.connect.timeout.ms=1000\nregistry.http.read.timeout.ms=5000\n");
        return ServiceConfig.load(file, Map.of(), Map.of(
                Setting.BOOTSTRAP_SERVERS, bootstrap,
                Setting.SCHEMA_REGISTRY_URL, proxy.url(ApicurioRegistryServer.CCOMPAT_PATH),
                Setting.APPLICATION_ID, applicationId,
                Setting.STATE_DIR, dir.resolve("state").toString(),
                Setting.TOPIC_PARTITIONS, "1"));
    }

    /**
     * Waits until the service has committed its whole input, then counts what it made of it: each frame once,
     * on the output topic, nothing rejected; images as an uninterrupted run makes them (no state lost or doubled).
     */
    static void assertEachFrameOnceAndNoneRejected(String bootstrap, ServiceConfig config, List<SemanticFrame> frames) throws Exception {
        assertTrue(KafkaTestClients.awaitCommittedToEnd(bootstrap, config.applicationId(), config.inputTopic(), Duration.ofSeconds(120)),
                "the service processed its whole input after the registry came back");
        List<ConsumerRecord<String, byte[]>> rejected = KafkaTestClients.readAll(bootstrap, config.rejectedTopic());
        assertEquals(List.of(), rejected.stream().map(ConsumerRecord::key).toList(), "nothing rejected for the outage");

        RestOnlyAvro rest = new RestOnlyAvro(REGISTRY.url());
        Map<Long, Integer> timesPublished = new TreeMap<>();
        List<RgbImage> images = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : KafkaTestClients.readAll(bootstrap, config.outputTopic())) {
            GenericRecord out = rest.read(r.value());
            timesPublished.merge((Long) out.get("frameIndex"), 1, Integer::sum);
            assertEquals(false, out.get("restarted"), "the video's state survived the outage");
            images.add(RgbImage.decode(TestFrames.bytes((ByteBuffer) out.get("image"))));
        }
        Map<Long, Integer> once = new TreeMap<>();
        frames.forEach(f -> once.put(f.getFrameIndex(), 1));
        assertEquals(once, timesPublished, "frame index -> times published");
        assertEquals(ExactlyOnceRestartTest.offline(new StateProbeSynthesizer(), frames), images);
    }
}
