package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ReflectionPad2dTest {

    @Test
    void mirrorsWithoutRepeatingTheEdge() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 1x1x3x4 ramp: row r, column c holds 10r + c
            float[] data = new float[12];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    data[r * 4 + c] = 10 * r + c;
                }
            }
            NDArray out = ReflectionPad2d.apply(m.create(data, new Shape(1, 1, 3, 4)), 2);
            assertEquals(new Shape(1, 1, 7, 8), out.getShape());
            // PyTorch ReflectionPad2d(2) gives columns 2 1 | 0 1 2 3 | 2 1 and rows 2 1 | 0 1 2 | 1 0
            int[] cols = {2, 1, 0, 1, 2, 3, 2, 1};
            int[] rows = {2, 1, 0, 1, 2, 1, 0};
            float[] expected = new float[7 * 8];
            for (int r = 0; r < 7; r++) {
                for (int c = 0; c < 8; c++) {
                    expected[r * 8 + c] = 10 * rows[r] + cols[c];
                }
            }
            assertArrayEquals(expected, out.toFloatArray());
            assertArrayEquals(expected, ReflectionPad2d.applyInPlace(m.create(data, new Shape(1, 1, 3, 4)), 2).toFloatArray());
        }
    }

    /** The in-place inference form equals the differentiable one on random batches of several sizes and pads. */
    @Test
    void inPlaceFormEqualsTheDifferentiableOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] c : new int[][] {{2, 3, 5, 9, 1}, {1, 4, 8, 8, 3}, {1, 2, 4, 7, 3}, {3, 1, 16, 10, 2}}) {
                NDArray x = m.randomNormal(new Shape(c[0], c[1], c[2], c[3]));
                assertArrayEquals(ReflectionPad2d.apply(x, c[4]).toFloatArray(), ReflectionPad2d.applyInPlace(x, c[4]).toFloatArray(),
                        java.util.Arrays.toString(c));
            }
        }
    }
}
