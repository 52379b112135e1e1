package ai.vidsynth.topology.io;

import ai.vidsynth.model.image.Mp4Video;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.schemas.SynthesizedFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthesized frames appended to one H.264 MP4 per video as they arrive ({@code <out>/<videoId>/video.mp4}; frames
 * of one video arrive in order, as they share a partition). A file is finished when its video has been idle for
 * the given time, when more than {@code maxOpen} videos are open (the least recently fed first), and at close;
 * a video that goes on after its file was finished continues in {@code video-2.mp4}, and so on. Open files
 * hold an encoder each, so memory stays bounded by {@code maxOpen}.
 */
public final class Mp4Sink implements AutoCloseable {

    /** A finished file. */
    public record Written(String videoId, Path file, int frames) {}

    private final Path out;
    private final int fps;
    private final int maxOpen;
    private final long idleMs;
    /** Insertion order, re-inserted on each frame: the least recently fed video comes first. */
    private final Map<String, Open> open = new LinkedHashMap<>();
    private final Map<String, Integer> parts = new HashMap<>();

    private record Open(Mp4Video video, long lastMs) {}

    public Mp4Sink(Path out, int fps, int maxOpen, long idleMs) {
        this.out = out;
        this.fps = fps;
        this.maxOpen = maxOpen;
        this.idleMs = idleMs;
    }

    /** Appends a frame to its video's file; returns the files finished to make room. */
    public List<Written> add(SynthesizedFrame f, long nowMs) {
        String id = f.getVideoId();
        try {
            RgbImage frame = RgbImage.decode(FrameSink.imageBytes(f));
            Open o = open.remove(id);
            Mp4Video video = o != null ? o.video() : Mp4Video.create(nextFile(id), fps);
            video.add(frame);
            open.put(id, new Open(video, nowMs));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write frame " + f.getFrameIndex() + " of " + id + " to its MP4", e);
        }
        List<Written> finished = new ArrayList<>();
        while (open.size() > maxOpen) {
            finished.add(finish(open.keySet().iterator().next()));
        }
        return finished;
    }

    /** Finishes the files of videos idle since {@code nowMs - idleMs}. */
    public List<Written> finishIdle(long nowMs) {
        List<String> idle = new ArrayList<>();
        open.forEach((id, o) -> {
            if (nowMs - o.lastMs() >= idleMs) {
                idle.add(id);
            }
        });
        List<Written> finished = new ArrayList<>();
        for (String id : idle) {
            finished.add(finish(id));
        }
        return finished;
    }

    /** Finishes every open file. */
    public List<Written> finishAll() {
        List<Written> finished = new ArrayList<>();
        for (String id : new ArrayList<>(open.keySet())) {
            finished.add(finish(id));
        }
        return finished;
    }

    private Written finish(String id) {
        Open o = open.remove(id);
        try {
            o.video().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + o.video().file(), e);
        }
        return new Written(id, o.video().file(), o.video().frames());
    }

    private Path nextFile(String videoId) {
        int part = parts.merge(videoId, 1, Integer::sum);
        return FrameSink.folderOf(out, videoId).resolve(part == 1 ? "video.mp4" : "video-" + part + ".mp4");
    }

    @Override
    public void close() {
        finishAll();
    }
}
