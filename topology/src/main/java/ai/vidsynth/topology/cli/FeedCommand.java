package ai.vidsynth.topology.cli;

import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.io.FrameFeeder;
import ai.vidsynth.topology.io.VideoSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "feed", mixinStandardHelpOptions = true,
        description = "Publish a folder of label maps (labels/, instances/) as one video, or a simulated street scene.")
public final class FeedCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--folder", description = "folder with labels/ (and instances/); frames in sorted order")
    Path folder;

    @Option(names = "--simulate", description = "stream the built-in procedural street scene instead of a folder")
    boolean simulate;

    @Option(names = "--scene-seed", defaultValue = "1", description = "simulated scene, default ${DEFAULT-VALUE}")
    long sceneSeed;

    @Option(names = "--size", defaultValue = "512x256", description = "simulated frame size, default ${DEFAULT-VALUE}")
    String size;

    @Option(names = "--frames", defaultValue = "30", description = "frames to send (at most), default ${DEFAULT-VALUE}")
    int frames;

    @Option(names = "--video-id", description = "video id (default: folder name, or sim-<seed>)")
    String videoId;

    @Option(names = "--fps", defaultValue = "0", description = "frames per second, 0 = as fast as possible; default ${DEFAULT-VALUE}")
    double fps;

    @Option(names = "--style-seed", description = "seed that picks a style cluster per class")
    Long styleSeed;

    @Option(names = "--style", split = ",", description = "per-class style cluster, e.g. 26=2,7=1")
    Map<String, Integer> style = new TreeMap<>();

    @Override
    public Integer call() throws Exception {
        if (simulate == (folder != null)) {
            System.err.println("give either --folder or --simulate");
            return 2;
        }
        ServiceConfig config = options.load();
        VideoSource video;
        if (simulate) {
            String[] wh = size.toLowerCase().split("x");
            video = VideoSource.simulated(videoId != null ? videoId : "sim-" + sceneSeed, sceneSeed,
                    Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), frames);
        } else {
            VideoSource v = VideoSource.fromFolder(folder, frames);
            video = new VideoSource(videoId != null ? videoId : v.videoId(), v.frames());
        }
        try (FrameFeeder feeder = FrameFeeder.forService(config)) {
            long t0 = System.nanoTime();
            feeder.sendVideo(video, fps, styleSeed, style);
            System.out.printf("published %d frames of %s to %s in %.1f s%n", video.frames().size(), video.videoId(),
                    config.inputTopic(), (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }
}
