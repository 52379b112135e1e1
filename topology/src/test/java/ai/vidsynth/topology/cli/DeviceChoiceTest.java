package ai.vidsynth.topology.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run} asked for a GPU where DJL has no CUDA engine stops at start with one line saying so. */
class DeviceChoiceTest {

    @Test
    void runWithGpuAndNoCudaEngineFailsAtStartWithAClearLine(@TempDir Path dir) throws Exception {
        assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a CUDA device");
        Path config = dir.resolve("vidsynth.properties");
        // nothing listens on the bootstrap address: the device check must come before any Kafka client
        Files.writeString(config, "model.device=gpu\nmodel.dir=../models/pix2pixhd-global-256x128\nbootstrap.servers=127.0.0.1:1\n");
        StringWriter err = new StringWriter();
        CommandLine cli = VidsynthCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        long t0 = System.nanoTime();
        int code = cli.execute("run", "--config", config.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, code);
        String line = err.toString().strip();
        assertTrue(line.startsWith("run: model.device=gpu"), line);
        assertTrue(line.contains("no CUDA device"), line);
        assertFalse(line.contains("\n"), "one line, no stack trace: " + line);
        assertTrue(ms < 30_000, "failed at start, after " + ms + " ms");
    }
}
