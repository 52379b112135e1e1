package ai.vidsynth.model.runtime;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.model.pix2pixhd.StyleClusters;

/**
 * The seam between the streaming service and the models: one step of a video. Pure and deterministic: the
 * same previous state, frame and style give the same image bytes and the same next state, which is what
 * lets a restarted service reproduce frames exactly from its state stores.
 */
public interface Synthesizer extends AutoCloseable {

    /** Which generator made a frame. */
    enum Generator { SINGLE_IMAGE, SEQUENTIAL }

    /** A generated frame, the generator that made it, and the state for the video's next frame. */
    record Synthesis(RgbImage image, Generator generator, VideoState next) {}

    /**
     * @param previous the video's state; {@link VideoState#EMPTY} at the start of a sequence or after a gap
     * @param frame    label frame at {@link #width()} x {@link #height()} with ids in {@link #labels()}
     */
    Synthesis next(VideoState previous, ai.vidsynth.model.labels.LabelFrame frame, StyleClusters.Choice style);

    /** {@link #next} for a named video: a batching synthesizer keeps two frames of one video out of one batch. */
    default Synthesis next(String videoId, VideoState previous, ai.vidsynth.model.labels.LabelFrame frame, StyleClusters.Choice style) {
        return next(previous, frame, style);
    }

    /** One video's step, for {@link #nextAll}. */
    record Step(VideoState previous, ai.vidsynth.model.labels.LabelFrame frame, StyleClusters.Choice style) {}

    /**
     * Steps of different videos at once, as a batch where the model can (accelerators run a batch in about the time
     * of one frame); the i-th result is {@code next} of the i-th step, up to float rounding where the model batches.
     */
    default java.util.List<Synthesis> nextAll(java.util.List<Step> steps) {
        return steps.stream().map(s -> next(s.previous(), s.frame(), s.style())).toList();
    }

    int width();

    int height();

    LabelSet labels();

    /** How many past frames the state keeps (tG - 1 for vid2vid, 0 for a single-image model). */
    int pastFrames();

    /** Model id and version, published on every frame. */
    String modelId();

    /** The generator's convolutions for a video's typical (not first) frame, in GFLOP; 0 where unknown. */
    default double gflopPerFrame() {
        return 0;
    }

    /** The device the model runs on, as DJL names it ({@code cpu()}, {@code gpu(0)}). */
    default String device() {
        return "cpu()";
    }

    @Override
    void close();
}
