package ai.vidsynth.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.eval.QualityReport;
import ai.vidsynth.model.runtime.SingleImageSynthesizer;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.topology.KafkaTestClients;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import ai.vidsynth.topology.cli.VidsynthCli;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.io.FrameSink;
import ai.vidsynth.topology.io.VideoSource;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code eval} judges what a deployment really published: a recorded sequence with real frames streamed through
 * the service on the embedded broker, then scored three ways (the model run offline, the sink's folder, the
 * output topic) must give the same report, since the stream's frames equal the offline ones byte for byte.
 */
class EvalCommandTest {

    static final Path MODELS = Path.of(System.getProperty("models.dir", "../models"));
    static final Path MODEL = MODELS.resolve("pix2pixhd-global-256x128");
    static final Path SEGMENTER = MODELS.resolve("segmenter-256x128");
    static final int FRAMES = 5;

    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static QualityReport eval(String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = VidsynthCli.commandLine();
        cli.setOut(new PrintWriter(out));
        List<String> all = new ArrayList<>(List.of("eval", "--segmenter", SEGMENTER.toString(), "--frames", String.valueOf(FRAMES), "--json"));
        all.addAll(List.of(args));
        assertEquals(0, cli.execute(all.toArray(String[]::new)), "eval " + all);
        return JSON.readValue(out.toString(), QualityReport.class);
    }

    @Test
    void theModelTheSinkFolderAndTheTopicGiveTheSameReport(@TempDir Path stateDir, @TempDir Path sinkDir) throws Exception {
        Path folder = CityscapesMini.defaultRoot().resolve("sequences/seq0004");
        Assumptions.assumeTrue(Files.isDirectory(folder), "shared Cityscapes data not present");

        QualityReport offline = eval("--model", MODEL.toString(), "--folder", folder.toString());
        assertEquals(FRAMES, offline.frames());
        assertNotNull(offline.real(), "seq0004 has camera frames: the real frames are scored too");
        assertNotNull(offline.generated().flowWarpedDifference());
        assertEquals(offline.generated().meanIou() / offline.real().meanIou(), offline.meanIouRatio(), 1e-12);
        assertTrue(offline.real().meanIou() > 0.3, "the segmenter recognizes real frames: " + offline.real().meanIou());

        VideoSource video = VideoSource.fromFolder(folder, FRAMES);
        List<SemanticFrame> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            frames.add(TestFrames.recorded(video, i));
        }
        String scope = "eval-" + System.nanoTime();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            ServiceConfig config = KafkaTestClients.serviceConfig(broker.bootstrapServers(), scope, "eval", stateDir, 1);
            try (SingleImageSynthesizer synthesizer = SingleImageSynthesizer.load(MODEL);
                    SynthesisService service = SynthesisService.start(config, synthesizer)) {
                assertTrue(service.awaitRunning(Duration.ofSeconds(60)));
                KafkaTestClients.produce(broker.bootstrapServers(), config.inputTopic(), registry, frames, List.of());
                List<ConsumerRecord<String, SynthesizedFrame>> out = KafkaTestClients.consume(broker.bootstrapServers(),
                        config.outputTopic(), KafkaTestClients.synthesized(registry), l -> l.size() >= FRAMES, Duration.ofSeconds(120));
                assertEquals(FRAMES, out.size());
                out.forEach(r -> FrameSink.writeFrame(sinkDir, r.value()));
            }
            QualityReport fromTopic = eval("--topic", "--bootstrap-servers", broker.bootstrapServers(), "--schema-registry-url",
                    "mock://" + scope, "--folder", folder.toString(), "--idle-timeout-s", "10");
            QualityReport fromSink = eval("--outputs", sinkDir.toString(), "--folder", folder.toString());
            assertEquals(offline.generated(), fromTopic.generated(), "the topic's frames score as the offline run's");
            assertEquals(offline.generated(), fromSink.generated(), "the sink folder's frames score as the offline run's");
            assertEquals(offline.real(), fromSink.real());
        }
    }

    /** A segmenter trained on a sequence's camera frames is named in a note, since its score on them is a training score. */
    @Test
    void saysWhereTheSegmenterHasSeenTheCameraFrames() {
        Path root = CityscapesMini.defaultRoot().resolve("sequences");
        Assumptions.assumeTrue(Files.isDirectory(root.resolve("seq0004")), "shared Cityscapes data not present");
        for (String sequence : List.of("seq0004", "stuttgart_00")) {
            StringWriter out = new StringWriter();
            CommandLine cli = VidsynthCli.commandLine();
            cli.setOut(new PrintWriter(out));
            assertEquals(0, cli.execute("eval", "--segmenter", SEGMENTER.toString(), "--frames", "2", "--model", MODEL.toString(),
                    "--folder", root.resolve(sequence).toString()));
            boolean noted = out.toString().contains("the segmenter was trained on the camera frames of " + sequence);
            assertEquals(sequence.equals("seq0004"), noted, sequence + ":\n" + out);
        }
    }
}
