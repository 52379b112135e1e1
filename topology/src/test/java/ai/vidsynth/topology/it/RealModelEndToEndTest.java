package ai.vidsynth.topology.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Pix2PixHDRuntime;
import ai.vidsynth.model.runtime.SingleImageSynthesizer;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.topology.KafkaTestClients;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.io.VideoSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two recorded sequences through the running app on the embedded broker with exactly-once and the shipped
 * weights: every input gives exactly one output or rejection (read_committed), outputs are PNGs of the
 * model's size, and each image equals byte for byte what the model runtime makes offline for that frame.
 */
class RealModelEndToEndTest {

    static final Path MODEL = Path.of(System.getProperty("models.dir", "../models")).resolve("pix2pixhd-global-256x128");

    @Test
    void recordedSequencesGiveExactlyTheOfflineImages(@TempDir Path stateDir) throws Exception {
        Path sequences = CityscapesMini.defaultRoot().resolve("sequences");
        Assumptions.assumeTrue(Files.isDirectory(sequences), "shared Cityscapes data not present");
        List<VideoSource> videos = List.of(VideoSource.fromFolder(sequences.resolve("seq0001"), 30),
                VideoSource.fromFolder(sequences.resolve("stuttgart_00"), 30));
        List<SemanticFrame> frames = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            for (VideoSource v : videos) {
                frames.add(TestFrames.recorded(v, i));
            }
        }
        String scope = "e2e-" + System.nanoTime();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                SingleImageSynthesizer synthesizer = SingleImageSynthesizer.load(MODEL)) {
            ServiceConfig config = ServiceConfig.defaults().with(Map.of(
                    Setting.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    Setting.SCHEMA_REGISTRY_URL, "mock://" + scope,
                    Setting.APPLICATION_ID, "e2e",
                    Setting.STATE_DIR, stateDir.toString(),
                    Setting.MODEL_DIR, MODEL.toString(),
                    Setting.TOPIC_PARTITIONS, "2"));
            try (SynthesisService service = SynthesisService.start(config, synthesizer)) {
                assertTrue(service.awaitRunning(Duration.ofSeconds(60)));
                KafkaTestClients.produce(broker.bootstrapServers(), config.inputTopic(), registry, frames, List.of());
                List<ConsumerRecord<String, SynthesizedFrame>> out = KafkaTestClients.consume(broker.bootstrapServers(),
                        config.outputTopic(), KafkaTestClients.synthesized(registry), l -> l.size() >= frames.size(), Duration.ofMinutes(5));
                List<ConsumerRecord<String, FrameRejected>> rejected = KafkaTestClients.consume(broker.bootstrapServers(),
                        config.rejectedTopic(), KafkaTestClients.rejectedFrames(registry), l -> false, Duration.ofSeconds(3));
                assertEquals(frames.size(), out.size() + rejected.size(), "one output or rejection per input");
                assertEquals(0, rejected.size());
                Map<String, Long> seen = new HashMap<>();
                try (Pix2PixHDRuntime offline = Pix2PixHDRuntime.load(MODEL)) {
                    out.sort(Comparator.comparing((ConsumerRecord<String, SynthesizedFrame> r) -> r.value().getVideoId())
                            .thenComparing(r -> r.value().getFrameIndex()));
                    for (ConsumerRecord<String, SynthesizedFrame> r : out) {
                        SynthesizedFrame f = r.value();
                        assertTrue(seen.merge(f.getVideoId() + "#" + f.getFrameIndex(), 1L, Long::sum) == 1, "no duplicates");
                        RgbImage image = RgbImage.decode(TestFrames.bytes(f.getImage()));
                        assertEquals(offline.card().width(), image.width());
                        assertEquals(offline.card().height(), image.height());
                        VideoSource v = videos.stream().filter(x -> x.videoId().equals(f.getVideoId())).findFirst().orElseThrow();
                        VideoSource.Frame in = v.frames().get((int) f.getFrameIndex());
                        var labels = LabelPngs.decode(in.labelsPng(), in.instancesPng()).resizedNearest(image.width(), image.height());
                        assertArrayEquals(offline.synthesize(labels, StyleClusters.Choice.DEFAULT).toPng(), TestFrames.bytes(f.getImage()),
                                f.getVideoId() + " frame " + f.getFrameIndex());
                    }
                }
            }
        }
    }
}
