package ai.vidsynth.topology.io;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.topology.config.ServiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The frames a deployment published for one video, read back for evaluation: from a folder written by
 * {@code sink} ({@code <dir>/<videoId>/<frameIndex>.png} or {@code .jpg}) or straight from the output topic.
 */
public final class PublishedFrames {

    private PublishedFrames() {}

    /** Frames 0 .. count-1 of {@code videoId} under a sink folder; a missing frame is an error. */
    public static List<RgbImage> fromSinkFolder(Path dir, String videoId, int count) throws IOException {
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = FrameSink.frameFile(dir, videoId, i);
            if (file == null) {
                throw new IOException("frame " + i + " of " + videoId + " is missing: no "
                        + FrameSink.folderOf(dir, videoId).resolve(String.format("%06d.png", i)) + " (or .jpg)");
            }
            out.add(RgbImage.read(file));
        }
        return out;
    }

    /**
     * Frames 0 .. count-1 of {@code videoId} from the output topic (read_committed, from the earliest offset, with a
     * fresh consumer group so no committed position is moved); a video published twice gives its latest frames.
     * Stops when every frame is there, or after {@code idle} without records.
     */
    public static List<RgbImage> fromTopic(ServiceConfig config, String videoId, int count, Duration idle) throws IOException {
        Map<Long, SynthesizedFrame> frames = new TreeMap<>();
        try (FrameSink sink = FrameSink.forService(config, "vidsynth-eval-" + UUID.randomUUID())) {
            long lastRecord = System.nanoTime();
            while (frames.size() < count || System.nanoTime() - lastRecord < Duration.ofSeconds(1).toNanos()) {
                int n = sink.poll(Duration.ofMillis(300), r -> {
                    if (r.frame() != null && r.frame().getVideoId().equals(videoId) && r.frame().getFrameIndex() < count) {
                        frames.put(r.frame().getFrameIndex(), r.frame());
                    }
                });
                if (n > 0) {
                    lastRecord = System.nanoTime();
                } else if (System.nanoTime() - lastRecord > idle.toNanos()) {
                    break;
                }
            }
        }
        List<RgbImage> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            SynthesizedFrame f = frames.get(i);
            if (f == null) {
                throw new IOException("frame " + i + " of " + videoId + " is not on " + config.outputTopic() + " (found " + frames.size()
                        + " of " + count + ")");
            }
            out.add(RgbImage.decode(FrameSink.imageBytes(f)));
        }
        return out;
    }
}
