package ai.vidsynth.topology.cli;

import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.io.FrameFeeder;
import ai.vidsynth.topology.io.VideoSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A recorded drive as a live feed: each folder's frames published on the camera's clock, several videos at once
 * (each its own video id, interleaved as independent cameras would be), looping if asked. A frame is sent when its
 * time comes, whether or not the service kept up, so the service's latency is measured under a realistic load.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Publish recorded label-map sequences at their real frame rate (Cityscapes: 17 Hz) or --fps, several",
                "videos at once, looping if asked: a live feed from recordings."})
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(arity = "1..*", paramLabel = "FOLDER", description = "sequence folders with labels/ (and instances/)")
    List<Path> folders;

    @Option(names = "--fps", defaultValue = "17", description = "each video's frame rate, default ${DEFAULT-VALUE} (Cityscapes' camera)")
    double fps;

    @Option(names = "--copies", defaultValue = "1", description = "videos per folder, each with its own id and a staggered start, default ${DEFAULT-VALUE}")
    int copies;

    @Option(names = "--loop", description = "start each video again (as a new sequence) when it ends, until --seconds")
    boolean loop;

    @Option(names = "--seconds", defaultValue = "0", description = "stop after this long; 0 = when every video has played once")
    double seconds;

    /** One video being replayed: its frames, its id, and where it is. */
    private static final class Player {
        final VideoSource source;
        final String id;
        final long startNs;
        int played;

        Player(VideoSource source, String id, long startNs) {
            this.source = source;
            this.id = id;
            this.startNs = startNs;
        }

        long dueNs(double fps) {
            return startNs + (long) (played * 1e9 / fps);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (fps <= 0) {
            throw new IllegalArgumentException("--fps must be positive");
        }
        ServiceConfig config = options.load();
        List<VideoSource> sources = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder.resolve("labels"))) {
                throw new IllegalArgumentException("no labels/ in " + folder);
            }
            sources.add(VideoSource.fromFolder(folder, Integer.MAX_VALUE));
        }
        long sent = 0;
        long t0;
        try (FrameFeeder feeder = FrameFeeder.forService(config)) {
            feeder.awaitReady();
            t0 = System.nanoTime();
            List<Player> players = new ArrayList<>();
            for (VideoSource v : sources) {
                for (int c = 0; c < copies; c++) {
                    // staggered by a fraction of a frame, so videos do not all arrive in the same millisecond
                    long stagger = (long) (1e9 / fps * (players.size() % 8) / 8);
                    players.add(new Player(v, copies == 1 ? v.videoId() : v.videoId() + "-" + (c + 1), t0 + stagger));
                }
            }
            long endNs = seconds > 0 ? t0 + (long) (seconds * 1e9) : Long.MAX_VALUE;
            System.out.printf("replaying %d video(s) at %.1f frames/s each%s to %s%n", players.size(), fps,
                    loop ? ", looping" : "", config.inputTopic());
            while (true) {
                Player next = null;
                for (Player p : players) {
                    boolean more = loop || p.played < p.source.frames().size();
                    if (more && (next == null || p.dueNs(fps) < next.dueNs(fps))) {
                        next = p;
                    }
                }
                if (next == null || next.dueNs(fps) > endNs) {
                    break;
                }
                long wait = next.dueNs(fps) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int n = next.source.frames().size();
                int i = next.played % n;
                // a loop starts over at frame 0 with a start control: the same video id begins a new sequence
                boolean last = i == n - 1 && !loop;
                feeder.send(next.id, i, next.source.frames().get(i), i == 0, last, null, Map.of());
                next.played++;
                sent++;
            }
            feeder.flush();
        }
        System.out.printf("replayed %d frames in %.1f s%n", sent, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
