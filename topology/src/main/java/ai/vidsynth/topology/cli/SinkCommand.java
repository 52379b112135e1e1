package ai.vidsynth.topology.cli;

import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.io.FrameSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Consume synthesized frames (read_committed) into <out>/<videoId>/<frameIndex>.png; print rejections.")
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

    @Override
    public Integer call() {
        ServiceConfig config = options.load();
        AtomicInteger frames = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        try (FrameSink sink = FrameSink.forService(config, group)) {
            long lastRecord = System.nanoTime();
            while (maxRecords == 0 || frames.get() + rejected.get() < maxRecords) {
                int n = sink.poll(Duration.ofMillis(500), r -> {
                    if (r.frame() != null) {
                        Path file = FrameSink.writePng(out, r.frame());
                        frames.incrementAndGet();
                        System.out.printf("%s frame %d -> %s (%s, %d ms)%n", r.frame().getVideoId(), r.frame().getFrameIndex(),
                                file, r.frame().getGenerator(), r.frame().getTimings().getTotalMs());
                    } else {
                        rejected.incrementAndGet();
                        System.out.printf("REJECTED %s frame %s: %s %s%n", r.rejection().getVideoId(), r.rejection().getFrameIndex(),
                                r.rejection().getReason(), r.rejection().getMessage());
                    }
                });
                if (n > 0) {
                    lastRecord = System.nanoTime();
                } else if (idleTimeout > 0 && System.nanoTime() - lastRecord > idleTimeout * 1_000_000_000L) {
                    break;
                }
            }
        }
        System.out.printf("%d frames written under %s, %d rejections%n", frames.get(), out, rejected.get());
        return 0;
    }
}
