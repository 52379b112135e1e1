package ai.vidsynth.model.train;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared Cityscapes sample ({@code ../shared/data/cityscapes-mini}): sequences of 30 frames with
 * labels, instances and camera frames, and single labelled stills. Files pair up by sorted order within
 * a folder, which is frame order (the data's README).
 */
public final class CityscapesMini {

    /** The training sequences vid2vid and the segmenter are trained on. */
    public static final List<String> TRAIN_SEQUENCES = List.of("seq0000", "seq0001", "seq0002", "seq0003", "seq0004");

    /**
     * The training sequences but {@code holdOut}, in order: a run that leaves one out can be scored on it as on
     * unseen data that has camera frames (stuttgart_00 has none).
     */
    public static List<String> trainingSequences(List<String> holdOut) {
        for (String s : holdOut) {
            if (!TRAIN_SEQUENCES.contains(s)) {
                throw new IllegalArgumentException("--hold-out " + s + " is not one of " + TRAIN_SEQUENCES);
            }
        }
        List<String> kept = TRAIN_SEQUENCES.stream().filter(s -> !holdOut.contains(s)).toList();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("--hold-out leaves no training sequence");
        }
        return kept;
    }

    private final Path root;

    public CityscapesMini(Path root) {
        if (!Files.isDirectory(root.resolve("sequences"))) {
            throw new IllegalArgumentException("not a cityscapes-mini folder (no sequences/): " + root);
        }
        this.root = root;
    }

    /** {@code ../shared/data/cityscapes-mini} from the working directory or the {@code shared.dir} property. */
    public static Path defaultRoot() {
        String shared = System.getProperty("shared.dir", "../shared");
        return Path.of(shared, "data", "cityscapes-mini");
    }

    public Path root() {
        return root;
    }

    public Path sequence(String name) {
        return root.resolve("sequences").resolve(name);
    }

    /** One frame's files; {@code image} may be null (test sequences and stills have no camera frames). */
    public record FrameFiles(Path labels, Path instances, Path image) {}

    /** A folder with {@code labels/}, optional {@code instances/} and {@code images/}, paired by sorted name. */
    public static List<FrameFiles> frames(Path folder) {
        List<Path> labels = sorted(folder.resolve("labels"));
        List<Path> instances = sorted(folder.resolve("instances"));
        List<Path> images = sorted(folder.resolve("images"));
        if (!instances.isEmpty() && instances.size() != labels.size()) {
            throw new IllegalStateException(folder + ": " + labels.size() + " labels but " + instances.size() + " instances");
        }
        if (!images.isEmpty() && images.size() != labels.size()) {
            throw new IllegalStateException(folder + ": " + labels.size() + " labels but " + images.size() + " images");
        }
        List<FrameFiles> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            out.add(new FrameFiles(labels.get(i), instances.isEmpty() ? null : instances.get(i),
                    images.isEmpty() ? null : images.get(i)));
        }
        return out;
    }

    /** Every frame with a camera image: the training sequences' frames and the stills' train split. */
    public List<FrameFiles> pix2pixTrainingFrames() {
        List<FrameFiles> out = new ArrayList<>();
        for (String seq : TRAIN_SEQUENCES) {
            out.addAll(frames(sequence(seq)));
        }
        out.addAll(frames(root.resolve("stills").resolve("train")));
        out.removeIf(f -> f.image() == null);
        return out;
    }

    /** Loads and resizes frames to a training resolution (labels nearest, images box-averaged). */
    public static List<TrainingExample> load(List<FrameFiles> files, int width, int height) {
        List<TrainingExample> out = new ArrayList<>();
        for (FrameFiles f : files) {
            try {
                LabelFrame labels = LabelPngs.read(f.labels(), f.instances()).resizedNearest(width, height);
                RgbImage image = RgbImage.read(f.image()).resized(width, height);
                out.add(new TrainingExample(f.labels().getFileName().toString(), labels, image));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
        return out;
    }

    private static List<Path> sorted(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
