package ai.vidsynth.topology.io;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.topology.sim.StreetSceneSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A video to stream: a name (the video id) and its frames' label/instance PNGs, with the real camera frame
 * where one exists. From a recorded folder ({@code labels/}, {@code instances/}, {@code images/}) or from the
 * street-scene simulator.
 */
public record VideoSource(String videoId, List<Frame> frames) {

    /** One frame as published: PNG bytes, plus the real camera frame for side-by-side sheets (may be null). */
    public record Frame(int width, int height, byte[] labelsPng, byte[] instancesPng, Path realImage) {
        public LabelFrame decode() {
            try {
                return LabelPngs.decode(labelsPng, instancesPng);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public RgbImage real() {
            try {
                return realImage == null ? null : RgbImage.read(realImage);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static VideoSource fromFolder(Path folder, int maxFrames) {
        List<Frame> frames = new ArrayList<>();
        for (CityscapesMini.FrameFiles f : CityscapesMini.frames(folder)) {
            if (frames.size() >= maxFrames) {
                break;
            }
            try {
                byte[] labels = Files.readAllBytes(f.labels());
                byte[] inst = f.instances() == null ? null : Files.readAllBytes(f.instances());
                LabelFrame decoded = LabelPngs.decode(labels, inst);
                frames.add(new Frame(decoded.width(), decoded.height(), labels, inst, f.image()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f.labels(), e);
            }
        }
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no label maps under " + folder.resolve("labels"));
        }
        return new VideoSource(folder.getFileName().toString(), frames);
    }

    public static VideoSource simulated(String videoId, long seed, int width, int height, int frameCount) {
        StreetSceneSimulator sim = new StreetSceneSimulator(seed, width, height);
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < frameCount; i++) {
            LabelFrame f = sim.frame(i);
            frames.add(new Frame(width, height, LabelPngWriter.labels(f), LabelPngWriter.instances(f), null));
        }
        return new VideoSource(videoId, frames);
    }

    /** Every sequence folder under {@code sequencesDir} (sorted), each one video. */
    public static List<VideoSource> sequences(Path sequencesDir, int maxFrames) {
        try (Stream<Path> s = Files.list(sequencesDir)) {
            return s.filter(Files::isDirectory).sorted().map(p -> fromFolder(p, maxFrames)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
