package ai.vidsynth.topology.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.schemas.serde.AvroDeserializer;
import ai.vidsynth.topology.KafkaTestClients;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.TopicSetup;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay} on a real broker: every video's frames in order, on the camera's clock, several videos at once. */
class ReplayCommandTest {

    @Test
    void publishesEachVideoAtItsFrameRateWithCopiesInterleaved(@TempDir Path dir) throws Exception {
        Path seq = dir.resolve("drive_01");
        Files.createDirectories(seq.resolve("labels"));
        for (int i = 0; i < 6; i++) {
            Files.write(seq.resolve("labels").resolve(String.format("f%02d.png", i)), TestFrames.labelPng(32, 16, 7 + i));
        }
        String scope = "replay-test-" + System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            // the service creates its topics; here nothing else does
            TopicSetup.ensureTopics(KafkaTestClients.serviceConfig(broker.bootstrapServers(), scope, "replay-test", dir.resolve("state"), 2));
            int code = VidsynthCli.commandLine().execute("replay", "--bootstrap-servers", broker.bootstrapServers(),
                    "--schema-registry-url", "mock://" + scope, "--fps", "10", "--copies", "2", seq.toString());
            assertEquals(0, code);
            List<ConsumerRecord<String, SemanticFrame>> got = KafkaTestClients.consume(broker.bootstrapServers(), "semantic-frames",
                    new AvroDeserializer<SemanticFrame>(SemanticFrame.getClassSchema(), InMemorySchemaRegistry.scope(scope)),
                    l -> l.size() >= 12, Duration.ofSeconds(60));
            assertEquals(12, got.size());
            Map<String, List<ConsumerRecord<String, SemanticFrame>>> byVideo = got.stream()
                    .collect(Collectors.groupingBy(ConsumerRecord::key));
            assertEquals(List.of("drive_01-1", "drive_01-2"), byVideo.keySet().stream().sorted().toList());
            for (List<ConsumerRecord<String, SemanticFrame>> v : byVideo.values()) {
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), v.stream().map(r -> r.value().getFrameIndex()).toList());
                assertTrue(v.get(0).value().getControl().getStartOfSequence());
                assertTrue(v.get(5).value().getControl().getEndOfSequence());
                long span = v.get(5).timestamp() - v.get(0).timestamp();
                assertTrue(span >= 450 && span < 1500, "six frames at 10 frames/s span 500 ms, took " + span);
            }
        }
    }
}
