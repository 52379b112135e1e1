package ai.vidsynth.model.nn;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a forward pass spends its time, op by op: libtorch's own profiler (reached through DJL's {@code JniUtils})
 * records every aten op on every thread into a Chrome trace; {@link #summarize} reads it back and gives each op's
 * self time (its time minus that of the ops it called, e.g. {@code aten::conv2d} minus
 * {@code aten::mkldnn_convolution}), which is what says which op to make cheaper. The trace itself opens in
 * {@code chrome://tracing} or Perfetto.
 */
public final class OpProfile {

    private OpProfile() {}

    /** One op's share: calls, self time and total time (including what it called), in ms over the profiled run. */
    public record Op(String name, long calls, double selfMs, double totalMs) {}

    /** Starts recording on every thread (shapes recorded, memory not). */
    public static void start() {
        JniUtils.startProfile(false, true, false);
    }

    /** Stops recording and writes the Chrome trace. */
    public static void stop(Path trace) {
        JniUtils.stopProfile(trace.toAbsolutePath().toString());
    }

    /** The trace's ops by self time, largest first. */
    public static List<Op> summarize(Path trace) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(trace));
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        // complete events ("ph":"X") per thread, in start order; a child lies inside its parent's interval
        Map<String, List<double[]>> byThread = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (JsonNode e : events) {
            if (!"X".equals(e.path("ph").asText()) || !e.has("dur")) {
                continue;
            }
            names.add(e.path("name").asText());
            byThread.computeIfAbsent(e.path("pid").asText() + "/" + e.path("tid").asText(), k -> new ArrayList<>())
                    .add(new double[] {e.path("ts").asDouble(), e.path("dur").asDouble(), names.size() - 1});
        }
        Map<String, double[]> agg = new HashMap<>();
        for (List<double[]> list : byThread.values()) {
            list.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> -a[1]));
            double[] self = new double[list.size()];
            int[] stack = new int[list.size()];
            int depth = 0;
            for (int i = 0; i < list.size(); i++) {
                double[] e = list.get(i);
                self[i] = e[1];
                while (depth > 0 && list.get(stack[depth - 1])[0] + list.get(stack[depth - 1])[1] <= e[0]) {
                    depth--;
                }
                if (depth > 0) {
                    self[stack[depth - 1]] -= e[1];
                }
                stack[depth++] = i;
            }
            for (int i = 0; i < list.size(); i++) {
                double[] a = agg.computeIfAbsent(names.get((int) list.get(i)[2]), k -> new double[3]);
                a[0]++;
                a[1] += self[i];
                a[2] += list.get(i)[1];
            }
        }
        List<Op> ops = new ArrayList<>();
        agg.forEach((name, a) -> ops.add(new Op(name, (long) a[0], a[1] / 1000, a[2] / 1000)));
        ops.sort(Comparator.comparingDouble(Op::selfMs).reversed());
        return ops;
    }
}
