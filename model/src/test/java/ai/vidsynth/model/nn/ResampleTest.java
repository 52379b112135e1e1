package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The coarse-to-fine resampling against the definitions written out pixel by pixel. */
class ResampleTest {

    @Test
    void bilinearDoublingIsHalfPixelCentredInterpolationWithTheBorderRepeated() {
        int c = 2;
        int h = 3;
        int w = 5;
        float[] x = random(c * h * w, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray up = Resample.upBilinear2x(m.create(x, new Shape(1, c, h, w)));
            assertEquals(new Shape(1, c, 2 * h, 2 * w), up.getShape());
            float[] expected = new float[c * 4 * h * w];
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < 2 * h; y++) {
                    for (int xo = 0; xo < 2 * w; xo++) {
                        // PyTorch's align_corners=False: source coordinate (dst + 0.5) / 2 - 0.5, clamped at 0
                        double sy = Math.max(0, (y + 0.5) / 2 - 0.5);
                        double sx = Math.max(0, (xo + 0.5) / 2 - 0.5);
                        int y0 = (int) Math.floor(sy);
                        int x0 = (int) Math.floor(sx);
                        int y1 = Math.min(y0 + 1, h - 1);
                        int x1 = Math.min(x0 + 1, w - 1);
                        double fy = sy - y0;
                        double fx = sx - x0;
                        double v = (1 - fy) * ((1 - fx) * x[(k * h + y0) * w + x0] + fx * x[(k * h + y0) * w + x1])
                                + fy * ((1 - fx) * x[(k * h + y1) * w + x0] + fx * x[(k * h + y1) * w + x1]);
                        expected[(k * 2 * h + y) * 2 * w + xo] = (float) v;
                    }
                }
            }
            assertArrayEquals(expected, up.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void halvingAveragesEachTwoByTwoBlock() {
        float[] x = random(3 * 4 * 6, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray down = Resample.downBox2x(m.create(x, new Shape(1, 3, 4, 6)));
            assertEquals(new Shape(1, 3, 2, 3), down.getShape());
            float[] expected = new float[3 * 2 * 3];
            for (int k = 0; k < 3; k++) {
                for (int y = 0; y < 2; y++) {
                    for (int xo = 0; xo < 3; xo++) {
                        int i = (k * 4 + 2 * y) * 6 + 2 * xo;
                        expected[(k * 2 + y) * 3 + xo] = (x[i] + x[i + 1] + x[i + 6] + x[i + 7]) / 4;
                    }
                }
            }
            assertArrayEquals(expected, down.toFloatArray(), 1e-6f);
        }
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
