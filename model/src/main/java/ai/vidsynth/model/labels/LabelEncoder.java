package ai.vidsynth.model.labels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.vidsynth.model.nn.NativeArrays;

/**
 * Turns a label frame into the generator's semantic input: a one-hot map over the label set's ids followed
 * by the instance boundary map, shape (1, labels + 1, H, W). Unknown label ids must have been rejected
 * before (validation happens where the frame enters); here they would be a programming error.
 */
public final class LabelEncoder {

    private final LabelSet labelSet;

    public LabelEncoder(LabelSet labelSet) {
        this.labelSet = labelSet;
    }

    public int channels() {
        return labelSet.size() + 1;
    }

    public NDArray encode(NDManager manager, LabelFrame frame) {
        int n = labelSet.size();
        int plane = frame.width() * frame.height();
        float[] data = new float[(n + 1) * plane];
        byte[] labels = frame.labels();
        for (int i = 0; i < plane; i++) {
            int id = labels[i] & 0xff;
            if (id >= n) {
                throw new IllegalArgumentException("label id " + id + " outside " + labelSet.name());
            }
            data[id * plane + i] = 1f;
        }
        boolean[] edges = BoundaryMap.of(frame);
        for (int i = 0; i < plane; i++) {
            if (edges[i]) {
                data[n * plane + i] = 1f;
            }
        }
        return NativeArrays.floats(manager, data, new Shape(1, n + 1, frame.height(), frame.width()));
    }
}
