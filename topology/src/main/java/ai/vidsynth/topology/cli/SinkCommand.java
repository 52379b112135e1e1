package ai.vidsynth.topology.cli;

import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.io.FrameSink;
import ai.vidsynth.topology.io.Mp4Sink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Consume synthesized frames (read_committed) into <out>/<videoId>/<frameIndex>.png (and with --mp4 an H.264 "
                + "MP4 per video); print rejections.")
public final class SinkCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--out", defaultValue = "out", description = "output folder, default ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--group", defaultValue = "vidsynth-sink", description = "consumer group, default ${DEFAULT-VALUE}")
    String group;

    @Option(names = "--max-records", defaultValue = "0", description = "stop after this many frames + rejections (0 = never)")
    int maxRecords;

    @Option(names = "--idle-timeout-s", defaultValue = "0", description = "stop after this many seconds without records (0 = never)")
    int idleTimeout;

    @Option(names = "--mp4", description = "also append each video's frames to an H.264 MP4, <out>/<videoId>/video.mp4, finished when "
            + "the video has been idle for --mp4-idle-s and at exit")
    boolean mp4;

    @Option(names = "--mp4-fps", defaultValue = "10", description = "frame rate of the MP4s, default ${DEFAULT-VALUE}")
    int mp4Fps;

    @Option(names = "--mp4-idle-s", defaultValue = "10", description = "finish a video's MP4 after this many seconds without its frames, default ${DEFAULT-VALUE}")
    int mp4IdleSeconds;

    /** Videos with an MP4 open at once; the least recently fed is finished first. */
    private static final int MP4_OPEN = 64;

    @Override
    public Integer call() {
        ServiceConfig config = options.load();
        AtomicInteger frames = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        try (FrameSink sink = FrameSink.forService(config, group);
                Mp4Sink videos = mp4 ? new Mp4Sink(out, mp4Fps, MP4_OPEN, mp4IdleSeconds * 1000L) : null) {
            long lastRecord = System.nanoTime();
            while (maxRecords == 0 || frames.get() + rejected.get() < maxRecords) {
                int n = sink.poll(Duration.ofMillis(500), r -> {
                    if (r.frame() != null) {
                        Path file = FrameSink.writeFrame(out, r.frame());
                        frames.incrementAndGet();
                        if (videos != null) {
                            report(videos.add(r.frame(), System.currentTimeMillis()));
                        }
                        System.out.printf("%s frame %d -> %s (%s, %d ms)%n", r.frame().getVideoId(), r.frame().getFrameIndex(),
                                file, r.frame().getGenerator(), r.frame().getTimings().getTotalMs());
                    } else {
                        rejected.incrementAndGet();
                        System.out.printf("REJECTED %s frame %s: %s %s%n", r.rejection().getVideoId(), r.rejection().getFrameIndex(),
                                r.rejection().getReason(), r.rejection().getMessage());
                    }
                });
                if (videos != null) {
                    report(videos.finishIdle(System.currentTimeMillis()));
                }
                if (n > 0) {
                    lastRecord = System.nanoTime();
                } else if (idleTimeout > 0 && System.nanoTime() - lastRecord > idleTimeout * 1_000_000_000L) {
                    break;
                }
            }
            if (videos != null) {
                report(videos.finishAll());
            }
        }
        System.out.printf("%d frames written under %s, %d rejections%n", frames.get(), out, rejected.get());
        return 0;
    }

    private static void report(List<Mp4Sink.Written> written) {
        for (Mp4Sink.Written w : written) {
            System.out.printf("%s: %d frames -> %s%n", w.videoId(), w.frames(), w.file());
        }
    }
}
