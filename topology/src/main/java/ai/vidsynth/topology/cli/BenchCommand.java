package ai.vidsynth.topology.cli;

import ai.djl.ndarray.NDManager;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.nn.Flops;
import ai.vidsynth.model.nn.OpProfile;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.VideoState;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.schemas.RejectionReason;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.io.FrameSink;
import ai.vidsynth.topology.io.VideoSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast the service is, end to end, against what the model alone does and what this machine's convolutions
 * can do, in one JVM on an embedded broker: (a) the bare model stepping through a video, (b) the same frames
 * flooded through the service, (c) an open-loop feed at a fixed input rate (the live-feed case), whose
 * produce-to-read_committed-consume latencies are the ones reported. A number here is only as good as the
 * machine was quiet: the command prints the load average it started with.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Frames/s of the bare model and of the service, their ratio, end-to-end latency percentiles under an",
                "open-loop input rate, model ms and GFLOP per frame, GFLOP/s, and this machine's rate on one large convolution."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--frames", defaultValue = "60", description = "frames timed in the bare and the flood parts, default ${DEFAULT-VALUE}")
    int frames;

    @Option(names = "--warmup", defaultValue = "5", description = "frames run untimed first, default ${DEFAULT-VALUE}")
    int warmup;

    @Option(names = "--rate", defaultValue = "8", description = "open loop: frames/s sent, over all videos together, default ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--overload", description = "open loop: send at this multiple of the bare model's frames/s instead of --rate")
    Double overload;

    @Option(names = "--videos", defaultValue = "1", description = "open loop: videos sending at once (round-robin), default ${DEFAULT-VALUE}")
    int videos;

    @Option(names = "--seconds", defaultValue = "30", description = "open loop: how long to send, default ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--latency-budget-ms", description = "real-time mode for the service (latency.budget.ms); default off")
    Long latencyBudgetMs;

    @Option(names = "--batch", defaultValue = "1", description = {"batch size: the bare part steps this many videos at once through",
            "the model's batched path; the service gets batch.max.size and as many stream threads and partitions; default ${DEFAULT-VALUE}"})
    int batch;

    @Option(names = "--set", split = ",", paramLabel = "KEY=VALUE",
            description = "any service setting for this run (keys as in the README's configuration table), e.g. commit.interval.ms=1000")
    Map<String, String> set = new java.util.LinkedHashMap<>();

    @Option(names = "--rounds", defaultValue = "1", description = {"bare and stream parts in turn this many times, each of --frames",
            "(the ratio of parts run minutes apart carries this machine's drift; alternating rounds cancel it); default ${DEFAULT-VALUE}"})
    int rounds;

    @Option(names = "--parts", defaultValue = "bare,stream,open", split = ",",
            description = "which parts to run: bare, stream, open; default all")
    List<String> parts;

    @Option(names = "--folder", description = "label-map sequence folder, default the shared stuttgart_00 sequence")
    Path folder;

    /** One bare round: ms per timed step, and this JVM's CPU per frame over them, in all and by threads. */
    private record BareRun(double[] ms, double cpuMsPerFrame, Map<String, Double> cpuByThreads) {}

    /** The bare part's videos and how far they are, carried from round to round. */
    private List<VideoState> bareStates;
    private int bareFrame;

    @Option(names = "--simulate", description = "use the built-in street scene instead of recorded labels")
    boolean simulate;

    @Option(names = "--model-dir", description = "model folder, default from the configuration (models/vid2vid-256x128)")
    Path modelDir;

    @Option(names = "--profile", paramLabel = "TRACE", description = {"bare part: record libtorch's profiler over the timed frames into",
            "this Chrome trace and print the ops with the most self time per frame (the frames/s of a profiled run are lower)"})
    Path profile;

    @Option(names = "--json", arity = "0..1", fallbackValue = "-", paramLabel = "FILE",
            description = "write the results as JSON to FILE (or, without FILE, to standard output)")
    String json;

    @Override
    public Integer call() throws Exception {
        String allocator = ai.vidsynth.model.memory.AllocatorPolicy.apply();
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        VideoSource source = source();
        Map<Setting, String> settings = new HashMap<>(Map.of(Setting.SCHEMA_REGISTRY_URL, "mock://bench"));
        if (modelDir != null) {
            settings.put(Setting.MODEL_DIR, modelDir.toString());
        }
        if (latencyBudgetMs != null) {
            settings.put(Setting.LATENCY_BUDGET_MS, Long.toString(latencyBudgetMs));
        }
        if (batch > 1) {
            settings.put(Setting.BATCH_MAX_SIZE, Integer.toString(batch));
            settings.put(Setting.STREAM_THREADS, Integer.toString(batch));
            settings.put(Setting.TOPIC_PARTITIONS, Integer.toString(Math.max(2, batch)));
        }
        for (Map.Entry<String, String> e : set.entrySet()) {
            settings.put(java.util.Arrays.stream(Setting.values()).filter(k -> k.key().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no setting " + e.getKey())), e.getValue());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try (EmbeddedStack stack = EmbeddedStack.start("vidsynth-bench", settings)) {
            Synthesizer s = stack.synthesizer;
            out.put("model", s.modelId());
            out.put("device", s.device());
            out.put("threads", ai.vidsynth.model.runtime.Synthesizers.intraOpThreads());
            out.put("source", source.videoId());
            out.put("load_average_at_start", load);
            out.put("latency_budget_ms", stack.config.latencyBudget().toMillis());
            out.put("batch", batch);
            out.put("settings", set);
            out.put("allocator", allocator);
            System.out.printf("bench: model %s on %s, %s intra-op threads, frames of %s; load average at start %s; %s%n",
                    s.modelId(), s.device(), out.get("threads"), source.videoId(), load, out.get("allocator"));

            double convGflops;
            try (NDManager m = NDManager.newBaseManager()) {
                convGflops = Flops.measureConvGflops(m, 10);
            }
            double gflop = s.gflopPerFrame();
            out.put("conv_gflops", round(convGflops));
            out.put("gflop_per_frame", round(gflop));
            System.out.printf("this machine: one 3x3 128->128 convolution at 64x128 runs at %.0f GFLOP/s%n", convGflops);
            System.out.printf("model: %.1f GFLOP per frame (its convolutions)%n", gflop);

            double bareFps = Double.NaN;
            double bareSeconds = 0;
            double streamSeconds = 0;
            List<Map<String, Object>> roundsOut = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                Map<String, Object> r = new LinkedHashMap<>();
                if (rounds > 1) {
                    System.out.printf("round %d of %d%n", round + 1, rounds);
                }
                double roundBareFps = Double.NaN;
                if (parts.contains("bare")) {
                    BareRun bare = bare(s, source, round == 0 ? warmup : 0);
                    double[] ms = bare.ms();
                    double bareCpuMs = bare.cpuMsPerFrame();
                    roundBareFps = 1000.0 * batch / mean(ms);
                    bareSeconds += Arrays.stream(ms).sum() / 1000;
                    double median = Reports.percentile(ms, 50);
                    r.put("bare_fps", round(roundBareFps));
                    r.put("model_ms_per_frame", round(median));
                    r.put("cpu_ms_per_frame", round(bareCpuMs));
                    r.put("cpu_ms_per_frame_by_threads", rounded(bare.cpuByThreads()));
                    System.out.printf("(a) bare model, %d frames after %d warm-up%s: %.2f frames/s, median %.0f ms per %s, %.1f GFLOP/s (%.0f%% of the convolution rate)%n",
                            ms.length * batch, round == 0 ? warmup : 0, batch > 1 ? " in batches of " + batch : "", roundBareFps, median,
                            batch > 1 ? "batch" : "frame", gflop * roundBareFps, 100 * gflop * roundBareFps / convGflops);
                    System.out.printf("    CPU ms per frame: %s (%.2f of %d cores busy)%n", joined(bare.cpuByThreads()), bareCpuMs * roundBareFps / 1000,
                            Runtime.getRuntime().availableProcessors());
                    if (profile != null && round == 0) {
                        out.put("profile", profileSummary(ms.length * batch));
                    }
                }
                if (parts.contains("stream")) {
                    double streamFps = flood(stack, source, r, round);
                    streamSeconds += frames / streamFps;
                    r.put("stream_fps", round(streamFps));
                    System.out.printf("(b) %d frames flooded through the service: %.2f frames/s", frames, streamFps);
                    if (!Double.isNaN(roundBareFps)) {
                        r.put("ratio", round(streamFps / roundBareFps));
                        System.out.printf(", %.2fx the bare model", streamFps / roundBareFps);
                    }
                    System.out.println();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> split = (Map<String, Object>) r.get("stream_split");
                    System.out.printf("    per frame in the service: model %s ms (mean %s), the whole processor %s ms (medians); wall time %s ms"
                            + " (%s frames/s from the first send)%n", split.get("model_ms_median"), split.get("model_ms_mean"),
                            split.get("processor_ms_median"), split.get("wall_ms_per_frame"), split.get("fps_from_first_send"));
                    // CPU time over wall time: how many of the cores a frame's work keeps busy. Below the core count the
                    // frame path waits on itself (one frame's steps in a row, the model's threads on each other), not on
                    // the machine. libtorch's OpenMP threads spin while they wait, which counts as busy.
                    double streamCpuMs = (Double) split.get("cpu_ms_per_frame");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> byThreads = (Map<String, Object>) split.get("cpu_ms_per_frame_by_threads");
                    System.out.printf("    CPU ms per frame, all threads of this JVM: %.0f (%.2f of %d cores busy): %s%n",
                            streamCpuMs, streamCpuMs * streamFps / 1000, Runtime.getRuntime().availableProcessors(), joined(byThreads));
                }
                roundsOut.add(r);
            }
            // one round: its numbers at the top level, as before; several: the top level sums the rounds (frames over
            // time), and each round's own numbers are in "rounds"
            if (rounds == 1) {
                out.putAll(roundsOut.get(0));
            } else {
                out.put("rounds", roundsOut);
            }
            if (parts.contains("bare")) {
                bareFps = frames * batch * rounds / bareSeconds;
                out.put("bare_fps", round(bareFps));
                out.put("gflops", round(gflop * bareFps));
            }
            if (parts.contains("stream")) {
                double streamFps = frames * rounds / streamSeconds;
                out.put("stream_fps", round(streamFps));
                if (!Double.isNaN(bareFps)) {
                    out.put("ratio", round(streamFps / bareFps));
                }
                if (rounds > 1) {
                    double[] ratios = roundsOut.stream().filter(r -> r.get("ratio") != null)
                            .mapToDouble(r -> (Double) r.get("ratio")).toArray();
                    out.put("ratio_median_of_rounds", ratios.length == 0 ? null : round(Reports.percentile(ratios, 50)));
                    System.out.printf("%d rounds: bare %s frames/s, stream %s frames/s, ratio %s (median of the rounds' ratios %s)%n",
                            rounds, out.get("bare_fps"), out.get("stream_fps"), out.get("ratio"), out.get("ratio_median_of_rounds"));
                }
            }
            if (parts.contains("open")) {
                double r = overload != null && !Double.isNaN(bareFps) ? overload * bareFps : rate;
                Map<String, Object> open = openLoop(stack, source, r);
                out.put("open_loop", open);
                out.put("latency_ms", open.get("latency_ms"));
            }
        }
        Reports.writeJson(json, out);
        return 0;
    }

    /**
     * (a) One video (or {@code --batch} videos, a few frames apart, in one batched call) stepped through the model on
     * this thread, as the service's stream thread does; ms per timed step.
     */
    private BareRun bare(Synthesizer s, VideoSource source, int warmup) {
        ThreadCpu before = null;
        int n = source.frames().size();
        LabelFrame[] labels = new LabelFrame[n];
        for (int i = 0; i < n; i++) {
            LabelFrame l = source.frames().get(i).decode();
            labels[i] = l.width() != s.width() || l.height() != s.height() ? l.resizedNearest(s.width(), s.height()) : l;
        }
        // a later round goes on with the videos of the one before, as the flood part's rounds do
        if (bareStates == null) {
            bareStates = new ArrayList<>();
            for (int v = 0; v < batch; v++) {
                bareStates.add(VideoState.EMPTY);
            }
        }
        List<VideoState> states = bareStates;
        double[] ms = new double[frames];
        for (int i = 0; i < warmup + frames; i++) {
            List<Synthesizer.Step> steps = new ArrayList<>();
            for (int v = 0; v < batch; v++) {
                steps.add(new Synthesizer.Step(states.get(v), labels[(bareFrame + 7 * v) % n], StyleClusters.Choice.DEFAULT));
            }
            bareFrame++;
            if (i == warmup) {
                before = ThreadCpu.now();
                if (profile != null) {
                    OpProfile.start();
                }
            }
            long t0 = System.nanoTime();
            List<Synthesizer.Synthesis> out = batch == 1
                    ? List.of(s.next(steps.get(0).previous(), steps.get(0).frame(), steps.get(0).style())) : s.nextAll(steps);
            if (i >= warmup) {
                ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
            for (int v = 0; v < batch; v++) {
                states.set(v, out.get(v).next());
            }
        }
        ThreadCpu after = ThreadCpu.now();
        if (profile != null) {
            OpProfile.stop(profile);
        }
        return new BareRun(ms, after.totalMs(before, frames * batch), after.since(before, frames * batch));
    }

    /** The profiled ops with the most self time, in ms per frame; printed and returned for the JSON. */
    private List<Map<String, Object>> profileSummary(int profiledFrames) throws java.io.IOException {
        List<OpProfile.Op> ops = OpProfile.summarize(profile);
        double all = ops.stream().mapToDouble(OpProfile.Op::selfMs).sum() / profiledFrames;
        System.out.printf("    profile (%s): %.1f ms of ops per frame; by self time per frame:%n", profile, all);
        List<Map<String, Object>> top = new ArrayList<>();
        for (OpProfile.Op op : ops.subList(0, Math.min(20, ops.size()))) {
            double self = op.selfMs() / profiledFrames;
            System.out.printf("    %-40s %6.1f ms %5.1f%%  %5.0f calls%n", op.name(), self, 100 * self / all, (double) op.calls() / profiledFrames);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", op.name());
            m.put("self_ms_per_frame", round(self));
            m.put("calls_per_frame", round((double) op.calls() / profiledFrames));
            top.add(m);
        }
        return top;
    }

    /**
     * (b) All frames sent at once after a warm-up video (the first round; a later round goes on with the same video);
     * frames/s in the steady state: the answers after the first poll that brought any, over the time from that poll
     * to the last answer. Timed from the first send instead, the rate also charges the service with one frame's
     * end-to-end latency (the pipeline filling, then the last transaction's commit: about 150-250 ms of 100 frames'
     * 8 s here), which the bare part's steps do not include and the open-loop part measures as latency; that rate is
     * kept as {@code stream_split.fps_from_first_send}.
     */
    private double flood(EmbeddedStack stack, VideoSource source, Map<String, Object> out, int round) {
        if (round == 0) {
            send(stack, "bench-warmup", source, 0, warmup, true);
            await(stack.sink, warmup, r -> {});
        }
        List<Double> model = new ArrayList<>();
        List<Double> processor = new ArrayList<>();
        int[] rejected = {0};
        long[] firstPollNs = {0};
        int[] inFirstPoll = {0};
        long[] lastAnswerNs = {0};
        long t0 = System.nanoTime();
        ThreadCpu threads0 = ThreadCpu.now();
        send(stack, "bench-flood", source, round * frames, frames, round == rounds - 1);
        await(stack.sink, frames, r -> {
            long now = System.nanoTime();
            // answers handed over by one poll arrive within microseconds of each other; 5 ms tells two polls apart
            if (inFirstPoll[0] == 0) {
                firstPollNs[0] = now;
            }
            if (now - firstPollNs[0] < 5_000_000L) {
                inFirstPoll[0]++;
            }
            lastAnswerNs[0] = now;
            if (r.frame() != null) {
                model.add((double) r.frame().getTimings().getInferenceMs());
                processor.add((double) r.frame().getTimings().getTotalMs());
            } else {
                rejected[0]++;
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        ThreadCpu threads1 = ThreadCpu.now();
        double cpuMs = threads1.totalMs(threads0, frames);
        Map<String, Double> byThreads = threads1.since(threads0, frames);
        // where a frame's time goes: the model, the rest of the processor (decode, state, encode), and what is
        // left of the wall time per frame (commits, polling, the broker, GC)
        double m = Reports.percentile(model.stream().mapToDouble(Double::doubleValue).toArray(), 50);
        double p = Reports.percentile(processor.stream().mapToDouble(Double::doubleValue).toArray(), 50);
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("model_ms_median", round(m));
        // the mean, set against the wall time per frame, is what says how long the model thread waited between frames
        split.put("model_ms_mean", round(model.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        split.put("processor_ms_median", round(p));
        split.put("wall_ms_per_frame", round(1000 * seconds / frames));
        double steady = inFirstPoll[0] < frames ? (frames - inFirstPoll[0]) / ((lastAnswerNs[0] - firstPollNs[0]) / 1e9) : frames / seconds;
        split.put("fps_from_first_send", round(frames / seconds));
        // frames/s counts answers: a rejected frame would make the service look faster than it is
        split.put("rejected", rejected[0]);
        // the broker, the feeding producer and the collecting consumer run in this JVM too: their CPU is counted
        split.put("cpu_ms_per_frame", round(cpuMs));
        split.put("cpu_ms_per_frame_by_threads", rounded(byThreads));
        out.put("stream_split", split);
        return steady;
    }

    /** Frames {@code from} to {@code from + n - 1} of a video, the last one marked its end if {@code last}. */
    private void send(EmbeddedStack stack, String videoId, VideoSource source, int from, int n, boolean last) {
        for (int i = from; i < from + n; i++) {
            stack.feeder.send(videoId, i, source.frames().get(i % source.frames().size()), i == 0, last && i == from + n - 1, null, Map.of());
        }
        stack.feeder.flush();
    }

    private static void await(FrameSink sink, int n, java.util.function.Consumer<FrameSink.Received> each) {
        int[] got = {0};
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
        while (got[0] < n && System.currentTimeMillis() < deadline) {
            sink.poll(Duration.ofMillis(50), r -> {
                got[0]++;
                each.accept(r);
            });
        }
        if (got[0] < n) {
            throw new IllegalStateException("only " + got[0] + " of " + n + " answers came back");
        }
    }

    /**
     * (c) Frames sent on a fixed schedule, whatever the service does (open loop: a live feed does not wait), round-robin
     * over the videos; every answer read by a read_committed consumer on its own thread as it comes.
     */
    private Map<String, Object> openLoop(EmbeddedStack stack, VideoSource source, double r) throws InterruptedException {
        int total = (int) Math.round(r * seconds);
        List<Double> latency = new ArrayList<>();
        int[] stale = {0};
        int[] otherRejections = {0};
        int[] answered = {0};
        AtomicBoolean stop = new AtomicBoolean();
        long[] lastAnswerNs = {0};
        Thread reader = new Thread(() -> {
            while (!stop.get() && answered[0] < total) {
                stack.sink.poll(Duration.ofMillis(20), a -> {
                    synchronized (latency) {
                        answered[0]++;
                        lastAnswerNs[0] = System.nanoTime();
                        if (a.frame() != null) {
                            latency.add((double) (a.receivedAtMs() - a.recordTimestampMs()));
                        } else if (a.rejection().getReason() == RejectionReason.STALE) {
                            stale[0]++;
                        } else {
                            otherRejections[0]++;
                        }
                    }
                });
            }
        }, "bench-reader");
        reader.start();
        System.out.printf("(c) open loop: %.2f frames/s over %d video(s) for %d s (%d frames)%s ...%n", r, videos, seconds, total,
                stack.config.latencyBudget().isZero() ? "" : ", latency budget " + stack.config.latencyBudget().toMillis() + " ms");
        int[] next = new int[videos];
        stack.feeder.awaitReady();
        long start = System.nanoTime();
        for (int k = 0; k < total; k++) {
            long due = start + (long) (k * 1e9 / r);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int v = k % videos;
            int i = next[v]++;
            boolean last = k + videos >= total;
            stack.feeder.send("bench-open-" + v, i, source.frames().get(i % source.frames().size()), i == 0, last, null, Map.of());
            stack.feeder.flush();
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        reader.join(Duration.ofSeconds(Math.max(120, 4L * seconds)).toMillis());
        stop.set(true);
        reader.join();
        Map<String, Object> o = new LinkedHashMap<>();
        synchronized (latency) {
            double[] l = latency.stream().mapToDouble(Double::doubleValue).toArray();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("p50", round(Reports.percentile(l, 50)));
            p.put("p95", round(Reports.percentile(l, 95)));
            p.put("p99", round(Reports.percentile(l, 99)));
            p.put("max", round(Reports.percentile(l, 100)));
            o.put("rate", round(r));
            o.put("videos", videos);
            o.put("seconds", seconds);
            o.put("sent", total);
            o.put("synthesized", l.length);
            o.put("stale", stale[0]);
            o.put("rejected_other", otherRejections[0]);
            o.put("unanswered", total - answered[0]);
            o.put("output_fps", round(l.length / Math.max(sendSeconds, (lastAnswerNs[0] - start) / 1e9)));
            o.put("latency_ms", p);
            System.out.printf("    %d synthesized, %d STALE, %d other rejections, %d unanswered; latency p50 %s ms, p95 %s ms, p99 %s ms, max %s ms%n",
                    l.length, stale[0], otherRejections[0], total - answered[0], p.get("p50"), p.get("p95"), p.get("p99"), p.get("max"));
        }
        return o;
    }

    private VideoSource source() {
        if (!simulate) {
            Path dir = folder != null ? folder : CityscapesMini.defaultRoot().resolve("sequences/stuttgart_00");
            if (Files.isDirectory(dir.resolve("labels"))) {
                return VideoSource.fromFolder(dir, Integer.MAX_VALUE);
            }
            if (folder != null) {
                throw new IllegalArgumentException("no label maps under " + folder.resolve("labels"));
            }
        }
        return VideoSource.simulated("sim", 1, 512, 256, 120);
    }

    private static Map<String, Object> rounded(Map<String, Double> ms) {
        Map<String, Object> r = new LinkedHashMap<>();
        ms.forEach((k, v) -> r.put(k, round(v)));
        return r;
    }

    private static String joined(Map<String, ?> ms) {
        return ms.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Two decimals; null (JSON null) for a number a part could not measure. */
    private static Double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 100) / 100.0;
    }
}
