package ai.vidsynth.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run stopped with SIGTERM, as an operator's {@code kill} or a session's end stops it, in its own JVM:
 * it finishes the step under way, checkpoints it and exits as a terminated JVM does (143), without a JVM crash. The
 * run has no periodic checkpoint in reach, so without the loop's shutdown hook nothing would be saved at all (and the
 * JVM could die in libtorch's teardown, as a vid2vid run did).
 */
class TrainingStopTest {

    /** The child: a tiny pix2pixHD run far longer than the test waits, one progress line a step, no periodic checkpoint. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Path run = Path.of(args[0]);
            List<TrainingExample> examples = List.of(TrainingStepTest.example(32, 16), TrainingStepTest.example(32, 16).flipped());
            new Pix2PixHDTrainer(new Pix2PixHDTrainer.Options(Pix2PixHDTrainer.Stage.GLOBAL, TrainingStepTest.TINY, 32, 16, 1_000_000, run,
                    null, 5, 2e-4f, 10f, 1_000_000, 1, null), examples, new PrintStream(System.out, true, StandardCharsets.UTF_8)).run();
        }
    }

    private static long progressLines(Path log) throws java.io.IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("global ")).count();
    }

    @Test
    void sigtermCheckpointsTheStepUnderWayAndExitsCleanly(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        // output to a file: Process.destroy() closes the pipes, and what the child says after SIGTERM would be lost
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Child.class.getName(), run.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (progressLines(log) < 3) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, "the child trains:\n" + Files.readString(log));
                Thread.sleep(100);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child exits after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertEquals(143, p.exitValue(), "exit status of a JVM ended by SIGTERM, not a crash (134):\n" + out);
        assertFalse(out.contains("SIGSEGV") || out.contains("A fatal error"), out);

        Matcher stopped = Pattern.compile("stopping at step (\\d+), as asked").matcher(out);
        assertTrue(stopped.find(), "the loop says where it stopped:\n" + out);
        long step = Long.parseLong(stopped.group(1));
        assertTrue(step >= 3, "it stopped after the steps it had logged: " + step);
        assertEquals(step, new Checkpoints(run).loadState(Pix2PixHDTrainer.State.class).step(),
                "the checkpoint holds the step the loop stopped at");
    }
}
