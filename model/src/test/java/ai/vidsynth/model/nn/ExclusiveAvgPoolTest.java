package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ExclusiveAvgPoolTest {

    @Test
    void constantImageStaysConstantAtTheBorder() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = ExclusiveAvgPool.halve(m.full(new Shape(1, 2, 6, 8), 3f));
            assertEquals(new Shape(1, 2, 3, 4), out.getShape());
            float[] expected = new float[2 * 3 * 4];
            java.util.Arrays.fill(expected, 3f);
            // count_include_pad=true would give 3 * 4/9 in the corner
            assertArrayEquals(expected, out.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void cornerAveragesOnlyRealPixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 2x2 image 1 2 / 3 4: the only window at (0,0) covers all four real pixels
            NDArray out = ExclusiveAvgPool.halve(m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2)));
            assertArrayEquals(new float[] {2.5f}, out.toFloatArray(), 1e-6f);
        }
    }
}
