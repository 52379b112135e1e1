package ai.vidsynth.model.train;

import ai.vidsynth.model.flow.OpticalFlow;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded sequence at training resolution with the backward optical flow of its real frames, computed
 * once when loaded: {@code flowBack(k, t)} maps frame t to frame t - k (k = 1, 2, ...).
 */
public final class TrainingSequence {

    private final String name;
    private final List<TrainingExample> frames;
    private final List<List<float[][]>> flowsBySkip = new ArrayList<>();

    public TrainingSequence(String name, List<TrainingExample> frames, int maxSkip) {
        this.name = name;
        this.frames = List.copyOf(frames);
        for (int k = 1; k <= maxSkip; k++) {
            List<float[][]> flows = new ArrayList<>();
            for (int t = 0; t < frames.size(); t++) {
                flows.add(t < k ? null : OpticalFlow.backward(frames.get(t - k).image(), frames.get(t).image()));
            }
            flowsBySkip.add(flows);
        }
    }

    private TrainingSequence(String name, List<TrainingExample> frames, List<List<float[][]>> flowsBySkip) {
        this.name = name;
        this.frames = List.copyOf(frames);
        this.flowsBySkip.addAll(flowsBySkip);
    }

    /** A sequence whose flows are known, not estimated ({@link CameraMotion}): {@code flowsBySkip.get(k - 1).get(t)}. */
    static TrainingSequence of(String name, List<TrainingExample> frames, List<List<float[][]>> flowsBySkip) {
        return new TrainingSequence(name, frames, flowsBySkip);
    }

    /**
     * The sequence as if filmed at 1/{@code stride} of its frame rate, from frame {@code offset}: frame t of the view
     * is frame offset + t * stride here, and its flows are this sequence's flows over {@code stride} times the skip (no
     * flow computed again). A window of the view holds {@code stride} times the motion of one of this sequence: the
     * motion augmentation of {@link Vid2VidTrainer.Options#maxStride}.
     */
    public TrainingSequence every(int stride, int offset) {
        if (stride < 1 || offset < 0 || offset >= stride) {
            throw new IllegalArgumentException("stride " + stride + ", offset " + offset);
        }
        List<TrainingExample> picked = new ArrayList<>();
        for (int t = offset; t < frames.size(); t += stride) {
            picked.add(frames.get(t));
        }
        List<List<float[][]>> flows = new ArrayList<>();
        for (int k = 1; k * stride <= flowsBySkip.size(); k++) {
            List<float[][]> byFrame = new ArrayList<>();
            for (int t = 0; t < picked.size(); t++) {
                byFrame.add(t < k ? null : flowsBySkip.get(k * stride - 1).get(offset + t * stride));
            }
            flows.add(byFrame);
        }
        return new TrainingSequence(stride == 1 ? name : name + "/" + stride, picked, flows);
    }

    /** The sequence mirrored left to right, its flows computed on the mirrored frames: another street to learn from. */
    public TrainingSequence mirrored() {
        List<TrainingExample> flipped = new ArrayList<>();
        for (TrainingExample e : frames) {
            flipped.add(e.flipped());
        }
        return new TrainingSequence(name + "-mirrored", flipped, flowsBySkip.size());
    }

    /** The largest skip {@link #flowBack} has flows for. */
    public int maxSkip() {
        return flowsBySkip.size();
    }

    public String name() {
        return name;
    }

    public int size() {
        return frames.size();
    }

    public TrainingExample frame(int t) {
        return frames.get(t);
    }

    /** Backward flow from frame t to frame t - skip, {u, v} in pixels. */
    public float[][] flowBack(int skip, int t) {
        float[][] f = flowsBySkip.get(skip - 1).get(t);
        if (f == null) {
            throw new IllegalArgumentException("no flow from frame " + t + " back " + skip);
        }
        return f;
    }
}
