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
