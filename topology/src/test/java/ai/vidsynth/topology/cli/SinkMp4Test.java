package ai.vidsynth.topology.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.topology.KafkaTestClients;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import ai.vidsynth.topology.config.ServiceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sink --mp4} against the service on a real broker: one H.264 MP4 per video, every frame in it, read back by decoders. */
class SinkMp4Test {

    @Test
    void sinkWritesOneMp4PerVideoWithEveryFrame(@TempDir Path dir) throws Exception {
        String scope = "sink-mp4-" + System.nanoTime();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
        Path out = dir.resolve("out");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            ServiceConfig config = KafkaTestClients.serviceConfig(broker.bootstrapServers(), scope, "sink-mp4", dir.resolve("state"), 2);
            try (SynthesisService service = SynthesisService.start(config, new StateProbeSynthesizer())) {
                assertTrue(service.awaitRunning(Duration.ofSeconds(60)), "service reached RUNNING");
                List<SemanticFrame> frames = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    frames.add(TestFrames.frame("drive-a", i, 64, 32, 7 + i));
                    frames.add(TestFrames.frame("drive-b", i, 64, 32, 20 + i));
                }
                KafkaTestClients.produce(broker.bootstrapServers(), config.inputTopic(), registry, frames, List.of());
                int code = VidsynthCli.commandLine().execute("sink", "--bootstrap-servers", broker.bootstrapServers(),
                        "--schema-registry-url", "mock://" + scope, "--out", out.toString(), "--mp4", "--mp4-fps", "5",
                        "--max-records", "14", "--group", "sink-mp4-test");
                assertEquals(0, code);
            }
        }
        for (String video : new String[] {"drive-a", "drive-b"}) {
            Path mp4 = out.resolve(video).resolve("video.mp4");
            RgbImage png = RgbImage.read(out.resolve(video).resolve("000000.png"));
            FrameGrab grab = FrameGrab.createFrameGrab(NIOUtils.readableChannel(mp4.toFile()));
            int n = 0;
            for (Picture p; (p = grab.getNativeFrame()) != null; n++) {
                assertEquals(png.width(), p.getCroppedWidth(), video);
                assertEquals(png.height(), p.getCroppedHeight(), video);
            }
            assertEquals(7, n, "frames of " + video + " in its MP4");
            Path ffprobe = Path.of("/usr/bin/ffprobe");
            if (Files.isExecutable(ffprobe)) {
                // an independent decoder, where FFmpeg is installed
                Process probe = new ProcessBuilder(ffprobe.toString(), "-v", "error", "-count_frames", "-select_streams", "v:0",
                        "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", mp4.toString())
                        .redirectErrorStream(true).start();
                String text = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                assertEquals("h264," + png.width() + "," + png.height() + ",7", text);
            }
        }
    }
}
