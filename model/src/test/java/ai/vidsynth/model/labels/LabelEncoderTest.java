package ai.vidsynth.model.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LabelEncoderTest {

    @Test
    void oneHotPlusBoundaryChannel() {
        LabelFrame f = new LabelFrame(3, 1, new byte[] {7, 7, 26}, new int[] {7, 7, 26000});
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = new LabelEncoder(LabelSet.CITYSCAPES_35).encode(m, f);
            assertEquals(new Shape(1, 36, 1, 3), x.getShape());
            assertArrayEquals(new float[] {1, 1, 0}, x.get(new NDIndex("0, 7, 0, :")).toFloatArray());
            assertArrayEquals(new float[] {0, 0, 1}, x.get(new NDIndex("0, 26, 0, :")).toFloatArray());
            assertArrayEquals(new float[] {0, 1, 1}, x.get(new NDIndex("0, 35, 0, :")).toFloatArray());
            // every pixel has exactly one label channel set
            assertArrayEquals(new float[] {1, 1, 1}, x.get(new NDIndex("0, 0:35, 0, :")).sum(new int[] {0}).toFloatArray());
        }
    }

    @Test
    void nearestResizeKeepsIds() {
        LabelFrame f = new LabelFrame(4, 2, new byte[] {1, 1, 2, 2, 3, 3, 4, 4}, null);
        // each target pixel samples the source pixel under its centre: (1, 1) and (3, 1)
        LabelFrame half = f.resizedNearest(2, 1);
        assertArrayEquals(new byte[] {3, 4}, half.labels());
    }
}
