package ai.vidsynth.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.VideoState;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.topology.KafkaTestClients;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import ai.vidsynth.topology.config.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill the app mid-sequence, wipe its local state, start a new instance with the same application id: the
 * video's state comes back from the changelog and the rest of the sequence equals an uninterrupted run.
 * Uses the state-probe model, whose every pixel depends on the restored state (with pix2pixHD alone the
 * images would not show whether state was restored).
 */
class ExactlyOnceRestartTest {

    static final int FRAMES = 8;
    static final int CUT = 4;

    /** What an uninterrupted run gives: the model stepped through the sequence offline. */
    static List<RgbImage> offline(Synthesizer s, List<SemanticFrame> frames) throws Exception {
        List<RgbImage> out = new ArrayList<>();
        VideoState state = VideoState.EMPTY;
        for (SemanticFrame f : frames) {
            LabelFrame l = LabelPngs.decode(TestFrames.bytes(f.getLabels()), null);
            Synthesizer.Synthesis syn = s.next(state, l, StyleClusters.Choice.DEFAULT);
            out.add(syn.image());
            state = syn.next();
        }
        return out;
    }

    @Test
    void stateIsRestoredFromTheChangelogAfterACrashWithLocalStateWiped(@TempDir Path stateDir) throws Exception {
        String scope = "restart-" + System.nanoTime();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
        List<SemanticFrame> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            frames.add(TestFrames.frame("cam", i, 16, 8, 7 + (i % 3)));
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            ServiceConfig config = KafkaTestClients.serviceConfig(broker.bootstrapServers(), scope, "restart", stateDir, 1);
            SynthesisService first = SynthesisService.start(config, new StateProbeSynthesizer());
            assertTrue(first.awaitRunning(Duration.ofSeconds(60)));
            KafkaTestClients.produce(broker.bootstrapServers(), config.inputTopic(), registry, frames.subList(0, CUT), List.of());
            List<ConsumerRecord<String, SynthesizedFrame>> before = KafkaTestClients.consume(broker.bootstrapServers(),
                    config.outputTopic(), KafkaTestClients.synthesized(registry), l -> l.size() >= CUT, Duration.ofSeconds(60));
            assertEquals(CUT, before.size());
            first.close();
            try (Stream<Path> walk = Files.walk(stateDir)) {
                walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(stateDir)).forEach(p -> p.toFile().delete());
            }
            try (SynthesisService second = SynthesisService.start(config, new StateProbeSynthesizer())) {
                assertTrue(second.awaitRunning(Duration.ofSeconds(60)));
                KafkaTestClients.produce(broker.bootstrapServers(), config.inputTopic(), registry, frames.subList(CUT, FRAMES), List.of());
                List<ConsumerRecord<String, SynthesizedFrame>> all = KafkaTestClients.consume(broker.bootstrapServers(),
                        config.outputTopic(), KafkaTestClients.synthesized(registry), l -> l.size() >= FRAMES, Duration.ofSeconds(90));
                assertEquals(FRAMES, all.size(), "every frame exactly once across the restart");
                List<RgbImage> expected = offline(new StateProbeSynthesizer(), frames);
                for (int i = 0; i < FRAMES; i++) {
                    SynthesizedFrame f = all.get(i).value();
                    assertEquals(i, f.getFrameIndex());
                    assertEquals(expected.get(i), RgbImage.decode(TestFrames.bytes(f.getImage())), "frame " + i);
                    assertTrue(!f.getRestarted(), "no gap: the restored state continues the sequence");
                }
            }
        }
    }
}
