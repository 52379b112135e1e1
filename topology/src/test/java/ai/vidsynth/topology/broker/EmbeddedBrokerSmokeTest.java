package ai.vidsynth.topology.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.topology.KafkaTestClients;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.config.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded KRaft broker carries the topology end to end under exactly-once (state-probe model; the real-model test is separate). */
class EmbeddedBrokerSmokeTest {

    @Test
    void framesAndRejectionsFlowThroughARealBrokerExactlyOnce(@TempDir Path state) throws Exception {
        String scope = "smoke-" + System.nanoTime();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            ServiceConfig config = KafkaTestClients.serviceConfig(broker.bootstrapServers(), scope, "smoke", state, 2);
            try (SynthesisService service = SynthesisService.start(config, new StateProbeSynthesizer())) {
                assertTrue(service.awaitRunning(Duration.ofSeconds(60)), "service reached RUNNING");
                List<SemanticFrame> frames = List.of(TestFrames.frame("v", 0, 16, 8, 7), TestFrames.frame("v", 1, 16, 8, 7),
                        TestFrames.frame("v", 2, 16, 8, 7));
                KafkaTestClients.produce(broker.bootstrapServers(), config.inputTopic(), registry, frames, List.of(new byte[] {9, 9}));
                List<ConsumerRecord<String, SynthesizedFrame>> out = KafkaTestClients.consume(broker.bootstrapServers(),
                        config.outputTopic(), KafkaTestClients.synthesized(registry), l -> l.size() >= 3, Duration.ofSeconds(60));
                List<ConsumerRecord<String, FrameRejected>> rejected = KafkaTestClients.consume(broker.bootstrapServers(),
                        config.rejectedTopic(), KafkaTestClients.rejectedFrames(registry), l -> l.size() >= 1, Duration.ofSeconds(30));
                assertEquals(List.of(0L, 1L, 2L), out.stream().map(r -> r.value().getFrameIndex()).toList());
                assertEquals(1, rejected.size());
            }
        }
    }
}
