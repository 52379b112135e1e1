package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WarpTest {

    static NDArray ramp(NDManager m, int c, int h, int w) {
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.37f % 5f;
        }
        return m.create(v, new Shape(1, c, h, w));
    }

    @ParameterizedTest
    @EnumSource(Warp.Interpolation.class)
    void zeroFlowIsTheIdentity(Warp.Interpolation interpolation) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = ramp(m, 3, 5, 7);
            NDArray out = Warp.apply(img, m.zeros(new Shape(1, 2, 5, 7)), interpolation);
            assertArrayEquals(img.toFloatArray(), out.toFloatArray(), 1e-6f);
        }
    }

    @ParameterizedTest
    @EnumSource(Warp.Interpolation.class)
    void constantIntegerFlowShiftsWithBorderPadding(Warp.Interpolation interpolation) {
        try (NDManager m = NDManager.newBaseManager()) {
            int h = 5;
            int w = 7;
            NDArray img = ramp(m, 2, h, w);
            NDArray flow = m.zeros(new Shape(1, 2, h, w));
            flow = flow.add(m.create(new float[] {2f, -1f}).reshape(1, 2, 1, 1));
            float[] out = Warp.apply(img, flow, interpolation).toFloatArray();
            float[] in = img.toFloatArray();
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int sx = Math.min(w - 1, x + 2);
                        int sy = Math.max(0, y - 1);
                        assertEquals(in[(c * h + sy) * w + sx], out[(c * h + y) * w + x], 1e-6f, "c" + c + " y" + y + " x" + x);
                    }
                }
            }
        }
    }

    /** Keys' cubic convolution with a = -0.5 is exact on quadratics; bilinear only on straight lines. */
    @Test
    void bicubicReproducesAQuadraticAtAFractionalShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            int w = 12;
            float[] v = new float[w];
            for (int x = 0; x < w; x++) {
                v[x] = 0.05f * x * x - 0.3f * x;
            }
            NDArray img = m.create(v, new Shape(1, 1, 1, w));
            NDArray flow = m.zeros(new Shape(1, 2, 1, w)).add(m.create(new float[] {0.3f, 0f}).reshape(1, 2, 1, 1));
            float[] cubic = Warp.apply(img, flow, Warp.Interpolation.BICUBIC).toFloatArray();
            float[] linear = Warp.apply(img, flow, Warp.Interpolation.BILINEAR).toFloatArray();
            double linearError = 0;
            // interior: the 4-pixel neighbourhood lies inside the row
            for (int x = 1; x < w - 3; x++) {
                float exact = 0.05f * (x + 0.3f) * (x + 0.3f) - 0.3f * (x + 0.3f);
                assertEquals(exact, cubic[x], 1e-5f, "x " + x);
                linearError = Math.max(linearError, Math.abs(linear[x] - exact));
            }
            assertTrue(linearError > 1e-3, "bilinear is not exact on a quadratic: " + linearError);
        }
    }

    /**
     * What the interpolation is for: an image warped half a pixel forth and back again, ten times over, as a frame
     * fed back through vid2vid's warp is. Bilinear averages neighbours at every half-pixel shift; the cubic kernel
     * keeps most of the detail.
     */
    @Test
    void bicubicLosesLessDetailOverRepeatedFractionalWarps() {
        try (NDManager m = NDManager.newBaseManager()) {
            int h = 32;
            int w = 32;
            java.util.Random random = new java.util.Random(3);
            float[] v = new float[h * w];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextFloat() * 2 - 1;
            }
            NDArray img = m.create(v, new Shape(1, 1, h, w));
            NDArray forth = m.zeros(new Shape(1, 2, h, w)).add(m.create(new float[] {0.5f, 0.5f}).reshape(1, 2, 1, 1));
            NDArray back = forth.neg();
            double before = detail(img);
            double[] kept = new double[Warp.Interpolation.values().length];
            for (Warp.Interpolation interpolation : Warp.Interpolation.values()) {
                NDArray x = img;
                for (int k = 0; k < 10; k++) {
                    x = Warp.apply(Warp.apply(x, forth, interpolation), back, interpolation);
                }
                kept[interpolation.ordinal()] = detail(x) / before;
            }
            double bilinear = kept[Warp.Interpolation.BILINEAR.ordinal()];
            double bicubic = kept[Warp.Interpolation.BICUBIC.ordinal()];
            assertTrue(bicubic > 2 * bilinear, "detail kept: bicubic " + bicubic + ", bilinear " + bilinear);
        }
    }

    /** Mean absolute horizontal difference between neighbours, away from the borders. */
    private static double detail(NDArray img) {
        NDArray inner = img.get(":, :, 2:-2, 2:-2");
        return inner.get(":, :, :, 1:").sub(inner.get(":, :, :, :-1")).abs().mean().getFloat();
    }

    @Test
    void nearestTakesTheNearestPixelSoRepeatedWarpsKeepEveryValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            int h = 9;
            int w = 11;
            java.util.Random random = new java.util.Random(5);
            NDArray img = ramp(m, 2, h, w);
            float[] f = new float[2 * h * w];
            for (int i = 0; i < f.length; i++) {
                f[i] = random.nextFloat() * 6 - 3;
            }
            float[] out = Warp.apply(img, m.create(f, new Shape(1, 2, h, w)), Warp.Interpolation.NEAREST).toFloatArray();
            float[] in = img.toFloatArray();
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = y * w + x;
                        int sx = (int) Math.floor(Math.min(w - 1, Math.max(0, x + f[i])) + 0.5);
                        int sy = (int) Math.floor(Math.min(h - 1, Math.max(0, y + f[h * w + i])) + 0.5);
                        assertEquals(in[c * h * w + sy * w + sx], out[c * h * w + i], 1e-6f, "pixel " + x + "," + y);
                    }
                }
            }
            // forth and back by 0.4 px, ten times: bilinear and bicubic low-pass at each warp, the nearest pixel is exact
            NDArray forth = m.zeros(new Shape(1, 2, h, w)).add(0.4f);
            NDArray x = img;
            for (int k = 0; k < 10; k++) {
                x = Warp.apply(Warp.apply(x, forth, Warp.Interpolation.NEAREST), forth.neg(), Warp.Interpolation.NEAREST);
            }
            assertArrayEquals(in, x.toFloatArray(), 0f);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Warp.Interpolation.class, names = {"BILINEAR", "BICUBIC"})
    void flowGradientMatchesAFiniteDifference(Warp.Interpolation interpolation) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = ramp(m, 1, 4, 4);
            float[] f = new float[2 * 16];
            for (int i = 0; i < f.length; i++) {
                f[i] = 0.3f + (i % 3) * 0.2f;
            }
            NDArray flow = m.create(f, new Shape(1, 2, 4, 4));
            flow.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(Warp.apply(img, flow, interpolation).sum());
            }
            float[] grad = flow.getGradient().toFloatArray();
            float eps = 1e-2f;
            int probe = 5;
            f[probe] += eps;
            float plus = Warp.apply(img, m.create(f, new Shape(1, 2, 4, 4)), interpolation).sum().getFloat();
            f[probe] -= 2 * eps;
            float minus = Warp.apply(img, m.create(f, new Shape(1, 2, 4, 4)), interpolation).sum().getFloat();
            assertEquals((plus - minus) / (2 * eps), grad[probe], 1e-2f);
            assertTrue(Math.abs(grad[probe]) > 1e-3f, "the flow receives a gradient");
        }
    }
}
