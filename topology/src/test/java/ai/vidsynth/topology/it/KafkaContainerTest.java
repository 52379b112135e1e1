package ai.vidsynth.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.topology.KafkaTestClients;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same end-to-end check against Kafka in a container; skipped where there is no Docker (as on the build machines here). */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1")
            .withEnv("KAFKA_MESSAGE_MAX_BYTES", "33554432");

    @Test
    void framesFlowThroughAContainerBrokerExactlyOnce(@TempDir Path state) throws Exception {
        String scope = "container-" + System.nanoTime();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
        ServiceConfig config = ServiceConfig.defaults().with(Map.of(
                Setting.BOOTSTRAP_SERVERS, KAFKA.getBootstrapServers(),
                Setting.SCHEMA_REGISTRY_URL, "mock://" + scope,
                Setting.APPLICATION_ID, "container",
                Setting.STATE_DIR, state.toString(),
                Setting.REPLICATION_FACTOR, "1"));
        List<SemanticFrame> frames = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            frames.add(TestFrames.frame("c", i, 16, 8, 7));
        }
        try (SynthesisService service = SynthesisService.start(config, new StateProbeSynthesizer())) {
            assertTrue(service.awaitRunning(Duration.ofSeconds(90)));
            KafkaTestClients.produce(KAFKA.getBootstrapServers(), config.inputTopic(), registry, frames, List.of());
            var out = KafkaTestClients.consume(KAFKA.getBootstrapServers(), config.outputTopic(),
                    KafkaTestClients.synthesized(registry), l -> l.size() >= 5, Duration.ofSeconds(90));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), out.stream().map(r -> r.value().getFrameIndex()).toList());
            SynthesizedFrame last = out.get(4).value();
            assertEquals("state-probe:1", last.getModelId());
        }
    }
}
