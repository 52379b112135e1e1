package ai.vidsynth.topology.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo on a machine without the recorded data: it falls back to simulated scenes and writes real frames. */
class DemoCommandTest {

    static final Path MODEL = Path.of(System.getProperty("models.dir", "../models")).resolve("pix2pixhd-global-256x128");

    @Test
    void withoutRecordedDataTheDemoStreamsSimulatedScenes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new DemoCommand()).execute("--data", dir.resolve("no-such-data").toString(),
                    "--videos", "2", "--frames", "4", "--model-dir", MODEL.toString(), "--out", out.toString());
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertEquals(0, rc, text);
        assertTrue(text.contains("source: built-in procedural street scenes"), text);
        assertTrue(text.contains("8 synthesized, 0 rejected"), text);
        for (String video : new String[] {"sim-1", "sim-2"}) {
            for (int i = 0; i < 4; i++) {
                RgbImage frame = RgbImage.read(out.resolve(video).resolve(String.format("%06d.png", i)));
                assertEquals(256, frame.width());
            }
            assertTrue(Files.size(out.resolve(video).resolve("sheet.png")) > 1000);
        }
    }
}
