package ai.vidsynth.model.runtime;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import java.util.List;

/**
 * What the model needs to remember of a video to make its next frame: the most recent generated frames and
 * their label frames, oldest first, exactly as the next step reads them (8-bit, model resolution). A
 * restored state therefore reproduces byte-identical frames. Empty for a single-image model and at the start
 * of a sequence.
 */
public record VideoState(List<RgbImage> pastOutputs, List<LabelFrame> pastLabels) {

    public static final VideoState EMPTY = new VideoState(List.of(), List.of());

    public VideoState {
        pastOutputs = List.copyOf(pastOutputs);
        pastLabels = List.copyOf(pastLabels);
        if (pastOutputs.size() != pastLabels.size()) {
            throw new IllegalArgumentException(pastOutputs.size() + " past outputs but " + pastLabels.size() + " past labels");
        }
    }

    public boolean isEmpty() {
        return pastOutputs.isEmpty();
    }

    public int size() {
        return pastOutputs.size();
    }

    /** This state with one more frame, keeping at most {@code keep} most recent frames. */
    public VideoState append(RgbImage output, LabelFrame labels, int keep) {
        if (keep <= 0) {
            return EMPTY;
        }
        java.util.ArrayList<RgbImage> outs = new java.util.ArrayList<>(pastOutputs);
        java.util.ArrayList<LabelFrame> labs = new java.util.ArrayList<>(pastLabels);
        outs.add(output);
        labs.add(labels);
        while (outs.size() > keep) {
            outs.remove(0);
            labs.remove(0);
        }
        return new VideoState(outs, labs);
    }
}
