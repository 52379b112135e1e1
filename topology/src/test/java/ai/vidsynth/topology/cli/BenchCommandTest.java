package ai.vidsynth.topology.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench} end to end on its embedded broker with a shipped model, a few frames: what it reports, not how fast
 * (speed is the command's output, never a test's assertion).
 */
class BenchCommandTest {

    static final Path MODEL = Path.of(System.getProperty("models.dir", "../models")).resolve("vid2vid-realtime-256x128");

    @Test
    void roundsAlternateTheBareModelAndTheServiceAndSayWhoseCpuEachFrameTook(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        int rc = new CommandLine(new BenchCommand()).execute("--simulate", "--model-dir", MODEL.toString(), "--parts", "bare,stream",
                "--frames", "3", "--warmup", "1", "--rounds", "2", "--set", "model.threads=1", "--json", json.toString());
        assertEquals(0, rc);
        JsonNode out = new ObjectMapper().readTree(json.toFile());
        JsonNode rounds = out.get("rounds");
        assertEquals(2, rounds.size(), out.toPrettyString());
        for (JsonNode round : rounds) {
            assertTrue(round.get("bare_fps").asDouble() > 0, round.toPrettyString());
            assertTrue(round.get("stream_fps").asDouble() > 0, round.toPrettyString());
            JsonNode split = round.get("stream_split");
            // the second round goes on with the first round's video: no frame of it may be refused as a gap or a restart
            assertEquals(0, split.get("rejected").asInt(), round.toPrettyString());
            // in the service the model runs on its own thread; bare, on the calling thread
            assertTrue(split.get("cpu_ms_per_frame_by_threads").get("model").asDouble() > 1, split.toPrettyString());
            assertTrue(round.get("cpu_ms_per_frame_by_threads").get("model").asDouble() < 1, round.toPrettyString());
            assertTrue(split.get("model_ms_mean").asDouble() > 0, split.toPrettyString());
            // the rate timed from the first send, beside the steady-state one
            assertTrue(split.get("fps_from_first_send").asDouble() > 0, split.toPrettyString());
        }
        // the top level sums the rounds: its rate lies between theirs
        double bare = out.get("bare_fps").asDouble();
        double r0 = rounds.get(0).get("bare_fps").asDouble();
        double r1 = rounds.get(1).get("bare_fps").asDouble();
        assertTrue(bare >= Math.min(r0, r1) - 0.01 && bare <= Math.max(r0, r1) + 0.01, out.toPrettyString());
        assertEquals(out.get("stream_fps").asDouble() / bare, out.get("ratio").asDouble(), 0.01, out.toPrettyString());
        assertTrue(out.has("ratio_median_of_rounds"), out.toPrettyString());
    }
}
