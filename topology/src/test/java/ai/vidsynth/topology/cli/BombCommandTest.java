package ai.vidsynth.topology.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.topology.HostileFrames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line given a decompression bomb says so in one line, within a 512 MB heap. */
class BombCommandTest {

    @Test
    void synthesizeRefusesABombWithAClearMessage(@TempDir Path dir) throws Exception {
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, HostileFrames.bomb(20000, 20000));
        Path models = Path.of(System.getProperty("models.dir", "../models"));
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), VidsynthCli.class.getName(), "synthesize",
                "--model", models.resolve("pix2pixhd-global-256x128").toString(), "--labels", bomb.toString(),
                "--out", dir.resolve("out.png").toString()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), output);
        assertTrue(output.contains("synthesize: label map's header says 20000x20000"), output);
        assertFalse(output.contains("OutOfMemoryError"), output);
        assertFalse(output.contains("\tat "), "a stack trace: " + output);
        assertFalse(Files.exists(dir.resolve("out.png")));
    }
}
