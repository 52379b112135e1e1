package ai.vidsynth.model.train;

import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.VideoState;
import ai.vidsynth.model.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training a smaller vid2vid against a bigger one (the real-time model against the shipped one): the teacher
 * makes each training sequence's video from its label maps, exactly as the service would (its first frame from
 * its pix2pixHD model, each later one conditioned on its own past frames), and that video is the student's
 * sequence: {@link Vid2VidTrainer} with an L1 loss to the teacher's frames, and flow and warp losses on the
 * teacher's frames. A deterministic teacher makes L1 well posed: there is one right answer per input, not the
 * average of many plausible camera frames that makes an L1 generator blur.
 */
public final class Vid2VidDistillation {

    private Vid2VidDistillation() {}

    /**
     * The teacher's video of {@code labels}, as a training sequence (flows computed on the teacher's frames). The
     * frames are kept as PNGs in {@code cache} (lossless: what the service would publish) and read from there when
     * a run is resumed, instead of being made again.
     */
    public static TrainingSequence teacherSequence(String name, List<LabelFrame> labels, Synthesizer teacher, int maxSkip, Path cache)
            throws IOException {
        List<TrainingExample> frames = new ArrayList<>();
        VideoState state = VideoState.EMPTY;
        Files.createDirectories(cache);
        for (int i = 0; i < labels.size(); i++) {
            Path png = cache.resolve(String.format("%04d.png", i));
            RgbImage image;
            if (Files.exists(png)) {
                image = RgbImage.read(png);
            } else {
                if (state.isEmpty() && i > 0) {
                    throw new IllegalStateException(cache + " holds frames up to " + (i - 1) + " only; delete it to make them again");
                }
                Synthesizer.Synthesis s = teacher.next(state, labels.get(i), StyleClusters.Choice.DEFAULT);
                image = s.image();
                state = s.next();
                image.writePng(png);
            }
            frames.add(new TrainingExample(name + "#" + i, labels.get(i), image));
        }
        return new TrainingSequence(name, frames, maxSkip);
    }
}
