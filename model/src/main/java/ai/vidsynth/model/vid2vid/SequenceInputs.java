package ai.vidsynth.model.vid2vid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.vidsynth.model.nn.NativeArrays;
import ai.vidsynth.model.labels.LabelEncoder;
import ai.vidsynth.model.labels.LabelFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the sequential generator's inputs: tG label frames (oldest first, this frame last) as stacked
 * one-hot + boundary maps, and the tG - 1 past frames stacked on channels; and the foreground mask of
 * this frame. Where a sequence has fewer past frames than tG - 1 (its second frame), the oldest is
 * repeated, as at the start of a vid2vid sequence.
 */
public final class SequenceInputs {

    private final Vid2VidConfig config;
    private final LabelEncoder encoder;

    public SequenceInputs(Vid2VidConfig config) {
        this.config = config;
        this.encoder = new LabelEncoder(config.labels());
    }

    /** Pads a list of past items to {@code n} by repeating its oldest entry in front. */
    public static <T> List<T> padOldest(List<T> items, int n) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("at least one past frame is needed");
        }
        List<T> out = new ArrayList<>(items.subList(Math.max(0, items.size() - n), items.size()));
        while (out.size() < n) {
            out.add(0, out.get(0));
        }
        return out;
    }

    /** (1, tG * (labels + 1), H, W) from tG label frames. */
    public NDArray labels(NDManager m, List<LabelFrame> frames) {
        if (frames.size() != config.tG()) {
            throw new IllegalArgumentException("need " + config.tG() + " label frames, got " + frames.size());
        }
        return encoder.encode(m, frames);
    }

    /** (1, (tG - 1) * 3, H, W) from tG - 1 images already in [-1, 1]. */
    public NDArray pastImages(List<NDArray> images) {
        if (images.size() != config.tG() - 1) {
            throw new IllegalArgumentException("need " + (config.tG() - 1) + " past frames, got " + images.size());
        }
        return NDArrays.concat(new NDList(images), 1);
    }

    /** (1, 1, H, W): 1 on this frame's foreground classes; null without fg/bg split. */
    public NDArray foregroundMask(NDManager m, LabelFrame frame) {
        if (!config.useForeground()) {
            return null;
        }
        boolean[] fg = new boolean[256];
        for (int id : config.foregroundLabels()) {
            fg[id] = true;
        }
        float[] mask = new float[frame.labels().length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = fg[frame.labels()[i] & 0xff] ? 1f : 0f;
        }
        return NativeArrays.floats(m, mask, new Shape(1, 1, frame.height(), frame.width()));
    }
}
