package ai.vidsynth.topology.cli;

import ai.vidsynth.model.image.ContactSheet;
import ai.vidsynth.model.memory.AllocatorPolicy;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelColours;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.model.train.ProgressBar;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.io.FrameSink;
import ai.vidsynth.topology.io.Mp4Sink;
import ai.vidsynth.topology.io.VideoSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker, an in-process schema registry and the service; stream the Cityscapes",
                "sequences (or, without them, simulated street scenes) through it; write every output frame and a",
                "side-by-side sheet per video under --out; print a summary. Needs no Docker and no network."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data", description = "cityscapes-mini folder, default ../shared/data/cityscapes-mini (simulated scenes if absent)")
    Path data;

    @Option(names = "--simulate", description = "use simulated street scenes even if recorded data is present")
    boolean simulate;

    @Option(names = "--videos", defaultValue = "2", description = "simulated videos, default ${DEFAULT-VALUE}")
    int videos;

    @Option(names = "--frames", defaultValue = "30", description = "frames per video (at most), default ${DEFAULT-VALUE}")
    int frames;

    @Option(names = "--schema-registry-url", defaultValue = "mock://demo",
            description = "schema registry: mock://scope (in-process, the default) or a Confluent-API registry such as "
                    + "http://localhost:8081 (Confluent) or http://localhost:8080/apis/ccompat/v7 (Apicurio)")
    String schemaRegistryUrl;

    @Option(names = "--model-dir", description = "model folder, default from the configuration (models/vid2vid-256x128)")
    Path modelDir;

    @Option(names = "--out", defaultValue = "out", description = "output folder, default ${DEFAULT-VALUE}")
    Path out;

    /** The MP4s' frame rate: Cityscapes sequences are 17 frames/s; 10 keeps short demos watchable. */
    private static final int DEMO_FPS = 10;

    @Option(names = "--http-port", description = "serve the live viewer, /health and /metrics on this port of 127.0.0.1 "
            + "(0 = any free port) while the demo runs")
    Integer httpPort;

    @Option(names = "--hold-s", defaultValue = "0", description = "with --http-port: keep serving this long after the last frame, default ${DEFAULT-VALUE}")
    int holdSeconds;

    @Option(names = "--timeout-s", defaultValue = "1200", description = "give up waiting for outputs after this long, default ${DEFAULT-VALUE}")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        System.out.println(AllocatorPolicy.apply());
        List<VideoSource> sources = sources();
        int total = sources.stream().mapToInt(v -> v.frames().size()).sum();
        System.out.println("starting embedded Kafka broker (KRaft) and the service ...");
        Map<Setting, String> demo = new HashMap<>(Map.of(Setting.SCHEMA_REGISTRY_URL, schemaRegistryUrl));
        if (modelDir != null) {
            demo.put(Setting.MODEL_DIR, modelDir.toString());
        }
        if (httpPort != null) {
            demo.put(Setting.HTTP_PORT, httpPort.toString());
        }
        try (EmbeddedStack stack = EmbeddedStack.start("vidsynth-demo", demo)) {
            if (stack.http != null) {
                System.out.println("viewer and metrics: " + stack.http.uri());
            }
            Synthesizer synthesizer = stack.synthesizer;
            System.out.printf("service running with model %s (%dx%d), exactly-once; streaming %d frames of %d videos%n",
                    synthesizer.modelId(), synthesizer.width(), synthesizer.height(), total, sources.size());
            long t0 = System.currentTimeMillis();
            // round-robin over the videos, so the service interleaves them as a live deployment would
            int longest = sources.stream().mapToInt(v -> v.frames().size()).max().orElse(0);
            for (int i = 0; i < longest; i++) {
                for (VideoSource v : sources) {
                    if (i < v.frames().size()) {
                        stack.feeder.send(v, i, null, Map.of());
                    }
                }
            }
            stack.feeder.flush();
            Summary summary;
            try (Mp4Sink videos = new Mp4Sink(out, DEMO_FPS, Math.max(1, sources.size()), Long.MAX_VALUE)) {
                summary = collect(stack.sink, total, t0, videos);
                for (Mp4Sink.Written w : videos.finishAll()) {
                    System.out.printf("video: %s (%d frames, H.264)%n", w.file(), w.frames());
                }
            }
            writeSheets(sources, synthesizer);
            summary.print(total, sources.size());
            if (stack.http != null && holdSeconds > 0) {
                System.out.printf("serving %s for %d s more%n", stack.http.uri(), holdSeconds);
                Thread.sleep(holdSeconds * 1000L);
            }
            return summary.frames.size() + summary.rejected == total ? 0 : 1;
        }
    }

    private List<VideoSource> sources() {
        Path root = data != null ? data : CityscapesMini.defaultRoot();
        Path sequences = root.resolve("sequences");
        if (!simulate && Files.isDirectory(sequences)) {
            System.out.println("source: recorded Cityscapes sequences from " + sequences.toAbsolutePath().normalize());
            return VideoSource.sequences(sequences, frames);
        }
        System.out.println("source: built-in procedural street scenes (" + videos + " videos"
                + (simulate ? "" : "; no recorded data at " + sequences) + ")");
        List<VideoSource> out = new ArrayList<>();
        for (int i = 0; i < videos; i++) {
            out.add(VideoSource.simulated("sim-" + (i + 1), i + 1, 512, 256, frames));
        }
        return out;
    }

    /** What came back: frames by arrival, rejections, and the times to summarize. */
    private static final class Summary {
        final List<SynthesizedFrame> frames = new ArrayList<>();
        final List<Long> serviceMs = new ArrayList<>();
        final List<Long> endToEndMs = new ArrayList<>();
        int rejected;
        long startMs;
        long lastMs;

        void print(int sent, int videoCount) {
            double seconds = Math.max(1, lastMs - startMs) / 1000.0;
            System.out.printf("%nsummary: %d frames sent (%d videos), %d synthesized, %d rejected, in %.1f s%n",
                    sent, videoCount, frames.size(), rejected, seconds);
            System.out.printf("throughput: %.2f frames/s%n", frames.size() / seconds);
            System.out.printf("per-frame service time (decode + model + encode): median %d ms, p99 %d ms%n",
                    percentile(serviceMs, 50), percentile(serviceMs, 99));
            System.out.printf("end-to-end latency (produced -> read_committed consumer): median %d ms, p99 %d ms%n",
                    percentile(endToEndMs, 50), percentile(endToEndMs, 99));
        }
    }

    private Summary collect(FrameSink sink, int expected, long t0, Mp4Sink videos) {
        Summary s = new Summary();
        s.startMs = t0;
        ProgressBar bar = new ProgressBar("frames", "frame", 0, expected, Math.max(1, expected / 10), System.out);
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        while (s.frames.size() + s.rejected < expected && System.currentTimeMillis() < deadline) {
            sink.poll(Duration.ofMillis(500), r -> {
                if (r.frame() != null) {
                    s.frames.add(r.frame());
                    FrameSink.writeFrame(out, r.frame());
                    videos.add(r.frame(), r.receivedAtMs());
                    s.serviceMs.add(r.frame().getTimings().getTotalMs());
                    s.endToEndMs.add(r.receivedAtMs() - r.recordTimestampMs());
                } else {
                    s.rejected++;
                    System.out.printf("%nrejected %s frame %s: %s %s%n", r.rejection().getVideoId(), r.rejection().getFrameIndex(),
                            r.rejection().getReason(), r.rejection().getMessage());
                }
                s.lastMs = r.receivedAtMs();
                bar.update(s.frames.size() + s.rejected, s.rejected + " rejected");
            });
        }
        return s;
    }

    /** Per video: rows of label | output | real frame (where recorded) for the first, middle and last frame. */
    private void writeSheets(List<VideoSource> sources, Synthesizer synthesizer) throws Exception {
        for (VideoSource v : sources) {
            ContactSheet sheet = new ContactSheet();
            int n = v.frames().size();
            for (int index : new int[] {0, n / 2, n - 1}) {
                Path png = FrameSink.frameFile(out, v.videoId(), index);
                if (png == null) {
                    continue;
                }
                VideoSource.Frame f = v.frames().get(index);
                RgbImage output = RgbImage.read(png);
                List<RgbImage> row = new ArrayList<>();
                row.add(LabelColours.paint(f.decode().resizedNearest(output.width(), output.height()), synthesizer.labels()));
                row.add(output);
                RgbImage real = f.real();
                if (real != null) {
                    row.add(real.resized(output.width(), output.height()));
                }
                sheet.addRow(row);
            }
            Path file = out.resolve(v.videoId()).resolve("sheet.png");
            sheet.render().writePng(file);
            System.out.println("sheet: " + file);
        }
    }

    static long percentile(List<Long> values, int p) {
        return values.isEmpty() ? 0 : (long) Reports.percentile(values.stream().mapToDouble(Long::doubleValue).toArray(), p);
    }

    static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Exception e) {
            // a temporary state folder left behind is harmless
        }
    }
}
