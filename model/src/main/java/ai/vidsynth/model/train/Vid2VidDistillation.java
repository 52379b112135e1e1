package ai.vidsynth.model.train;

import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.VideoState;
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

    /** The teacher's video of {@code labels}, as a training sequence (flows computed on the teacher's frames). */
    public static TrainingSequence teacherSequence(String name, List<LabelFrame> labels, Synthesizer teacher, int maxSkip) {
        List<TrainingExample> frames = new ArrayList<>();
        VideoState state = VideoState.EMPTY;
        for (int i = 0; i < labels.size(); i++) {
            Synthesizer.Synthesis s = teacher.next(state, labels.get(i), StyleClusters.Choice.DEFAULT);
            frames.add(new TrainingExample(name + "#" + i, labels.get(i), s.image()));
            state = s.next();
        }
        return new TrainingSequence(name, frames, maxSkip);
    }
}
