package ai.vidsynth.topology.cli;

import ai.vidsynth.model.memory.AllocatorPolicy;
import ai.vidsynth.model.memory.MemoryProbe;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.io.FrameFeeder;
import ai.vidsynth.topology.io.FrameSink;
import ai.vidsynth.topology.io.VideoSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The long-run check of the frame path: thousands of frames of several videos through a real broker and the
 * service in one JVM, with this process's memory sampled as they go. Each video streams its sequence over and
 * over, each pass as a new video id, so state is created and freed all the time: at each pass's end by the
 * end-of-sequence control, or, with {@code --idle-eviction}, by the idle-timeout punctuator.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Stream N frames of M videos through an embedded broker and the service in this JVM; print resident",
                "memory, Java heap, native memory and live NDArrays every K frames, the resident memory's slope after",
                "warm-up (MB per 1000 frames) and frames/s. Start the JVM with -XX:NativeMemoryTracking=summary to split",
                "the JVM's own native memory from libtorch's and the allocator's."})
public final class SoakCommand implements Callable<Integer> {

    @Option(names = "--frames", defaultValue = "5000", description = "frames to stream in all, default ${DEFAULT-VALUE}")
    int frames;

    @Option(names = "--videos", defaultValue = "10", description = "videos streaming at once, default ${DEFAULT-VALUE}")
    int videos;

    @Option(names = "--every", description = "frames between samples, default frames / 50 (at least 10)")
    Integer every;

    @Option(names = "--warmup", description = "frames before the slope is fitted, default frames / 5")
    Integer warmup;

    @Option(names = "--idle-eviction", description = "end no pass with an end-of-sequence control: idle videos are evicted by the "
            + "idle-timeout punctuator (with --idle-timeout-ms)")
    boolean idleEviction;

    @Option(names = "--idle-timeout-ms", defaultValue = "5000", description = "idle timeout with --idle-eviction, default ${DEFAULT-VALUE}")
    long idleTimeoutMs;

    @Option(names = "--simulate", description = "use simulated street scenes even if recorded data is present")
    boolean simulate;

    @Option(names = "--data", description = "cityscapes-mini folder, default ../shared/data/cityscapes-mini (simulated scenes if absent)")
    Path data;

    @Option(names = "--model-dir", description = "model folder, default from the configuration (models/vid2vid-256x128)")
    Path modelDir;

    @Option(names = "--json", arity = "0..1", fallbackValue = "-", paramLabel = "FILE",
            description = "write the samples and the summary as JSON to FILE (or, without FILE, to standard output at the end)")
    String json;

    @Override
    public Integer call() throws Exception {
        int k = every != null ? every : Math.max(10, frames / 50);
        int warm = warmup != null ? warmup : frames / 5;
        List<VideoSource> sources = sources();
        Map<Setting, String> soak = new HashMap<>(Map.of(Setting.SCHEMA_REGISTRY_URL, "mock://soak"));
        if (idleEviction) {
            soak.put(Setting.IDLE_TIMEOUT_MS, Long.toString(idleTimeoutMs));
            soak.put(Setting.PUNCTUATE_INTERVAL_MS, Long.toString(Math.max(500, idleTimeoutMs / 5)));
        }
        if (modelDir != null) {
            soak.put(Setting.MODEL_DIR, modelDir.toString());
        }
        System.out.println(AllocatorPolicy.apply());
        try (EmbeddedStack stack = EmbeddedStack.start("vidsynth-soak", soak)) {
            System.out.printf("soak: %d frames of %d videos (%s), model %s, %s; a sample every %d frames, slope after %d%n",
                    frames, videos, sources.size() == 1 && sources.get(0).videoId().startsWith("sim") ? "simulated" : "recorded",
                    stack.synthesizer.modelId(), idleEviction ? "idle eviction after " + idleTimeoutMs + " ms" : "end-of-sequence eviction",
                    k, warm);
            return stream(sources, stack.feeder, stack.sink,
                    new MemoryProbe(Map.of("rocksdb", ai.vidsynth.topology.state.BoundedRocksDb::usageBytes)), k, warm);
        }
    }

    private int stream(List<VideoSource> sources, FrameFeeder feeder, FrameSink sink, MemoryProbe probe, int k, int warm)
            throws Exception {
        int[] position = new int[videos];
        int[] pass = new int[videos];
        // a bounded number of frames in flight, so the soak measures the service, not a backlog in the broker
        int window = Math.max(4, 2 * videos);
        long sent = 0;
        long[] received = {0};
        long[] rejected = {0};
        long[] nextSample = {k};
        double[] warmAt = {Double.NaN};
        long deadline = System.currentTimeMillis() + Duration.ofHours(24).toMillis();
        probe.sample(0);
        System.out.println(probe.samples().get(0).line("frames"));
        int v = 0;
        while (received[0] < frames && System.currentTimeMillis() < deadline) {
            while (sent < frames && sent - received[0] < window) {
                VideoSource source = sources.get(v % sources.size());
                int i = position[v];
                int n = source.frames().size();
                feeder.send("soak-" + v + "-" + pass[v], i, source.frames().get(i), i == 0, !idleEviction && i == n - 1, null, Map.of());
                sent++;
                if (++position[v] == n) {
                    position[v] = 0;
                    pass[v]++;
                }
                v = (v + 1) % videos;
            }
            feeder.flush();
            sink.poll(Duration.ofMillis(200), r -> {
                received[0]++;
                if (r.rejection() != null) {
                    rejected[0]++;
                }
                if (received[0] == Math.max(1, warm)) {
                    warmAt[0] = System.nanoTime() / 1e9;
                }
                if (received[0] >= nextSample[0]) {
                    nextSample[0] += k;
                    System.out.println(probe.sample(received[0]).line("frames"));
                }
            });
        }
        double endSeconds = System.nanoTime() / 1e9;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("frames", received[0]);
        summary.put("videos", videos);
        summary.put("rejected", rejected[0]);
        summary.put("idle_eviction", idleEviction);
        summary.put("allocator", AllocatorPolicy.apply());
        // the launch settings the numbers hang on: heap size, pre-touch, Native Memory Tracking
        summary.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        summary.put("fps_after_warmup", Double.isNaN(warmAt[0]) ? null : Math.round((received[0] - Math.max(1, warm)) / (endSeconds - warmAt[0]) * 100) / 100.0);
        summary.putAll(probe.summary(warm, "frames"));
        System.out.printf("%nsoak: %d frames (%d rejected), %s frames/s after warm-up; resident memory %s MB after warm-up, %s MB at the end "
                        + "(max %s MB); slope after warm-up %s MB per 1000 frames%n",
                received[0], rejected[0], summary.get("fps_after_warmup"), summary.get("rss_after_warmup_mb"), summary.get("rss_end_mb"),
                summary.get("rss_max_mb"), summary.get("rss_slope_mb_per_1000"));
        System.out.printf("slopes after warm-up, MB per 1000 frames: outside the JVM %s (of it RocksDB's shared cache %s), the JVM's own %s;"
                        + " resident memory without RocksDB's cache %s%n",
                summary.get("outside_jvm_slope_mb_per_1000"), summary.get("rocksdb_slope_mb_per_1000"),
                summary.get("jvm_native_slope_mb_per_1000"), summary.get("rss_without_rocksdb_slope_mb_per_1000"));
        Reports.writeJson(json, summary);
        return received[0] >= frames && rejected[0] == 0 ? 0 : 1;
    }

    private List<VideoSource> sources() {
        Path root = data != null ? data : CityscapesMini.defaultRoot();
        Path sequences = root.resolve("sequences");
        if (!simulate && Files.isDirectory(sequences)) {
            return VideoSource.sequences(sequences, Integer.MAX_VALUE);
        }
        return List.of(VideoSource.simulated("sim", 1, 512, 256, 60));
    }
}
