package ai.vidsynth.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class SegmentationNetTest {

    @Test
    void givesClassScoresPerPixelAndALossThatIgnoresPixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationNet net = new SegmentationNet(4, 2);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 32));
            NDArray logits = net.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(1, 3, 16, 32))), false)
                    .singletonOrThrow();
            assertEquals(new Shape(1, 19, 16, 32), logits.getShape());
            // uniform logits: cross-entropy is ln(19) whatever the labels
            NDArray uniform = m.zeros(new Shape(1, 19, 2, 2));
            NDArray ids = m.create(new long[] {0, 5, 13, 0}, new Shape(1, 1, 2, 2));
            NDArray valid = m.create(new float[] {1, 1, 1, 0}, new Shape(1, 1, 2, 2));
            assertEquals(Math.log(19), SegmentationNet.loss(uniform, ids, valid).getFloat(), 1e-5);
            // a confident right answer on the counted pixels gives a loss near 0
            float[] sharp = new float[19 * 4];
            sharp[0 * 4] = 20;
            sharp[5 * 4 + 1] = 20;
            sharp[13 * 4 + 2] = 20;
            NDArray right = m.create(sharp, new Shape(1, 19, 2, 2));
            assertTrue(SegmentationNet.loss(right, ids, valid).getFloat() < 1e-3);
        }
    }
}
