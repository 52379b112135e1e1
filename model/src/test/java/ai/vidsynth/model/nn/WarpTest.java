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

class WarpTest {

    static NDArray ramp(NDManager m, int c, int h, int w) {
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.37f % 5f;
        }
        return m.create(v, new Shape(1, c, h, w));
    }

    @Test
    void zeroFlowIsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = ramp(m, 3, 5, 7);
            NDArray out = Warp.apply(img, m.zeros(new Shape(1, 2, 5, 7)));
            assertArrayEquals(img.toFloatArray(), out.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void constantIntegerFlowShiftsWithBorderPadding() {
        try (NDManager m = NDManager.newBaseManager()) {
            int h = 5;
            int w = 7;
            NDArray img = ramp(m, 2, h, w);
            NDArray flow = m.zeros(new Shape(1, 2, h, w));
            flow = flow.add(m.create(new float[] {2f, -1f}).reshape(1, 2, 1, 1));
            float[] out = Warp.apply(img, flow).toFloatArray();
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

    @Test
    void flowGradientMatchesAFiniteDifference() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = ramp(m, 1, 4, 4);
            float[] f = new float[2 * 16];
            for (int i = 0; i < f.length; i++) {
                f[i] = 0.3f + (i % 3) * 0.2f;
            }
            NDArray flow = m.create(f, new Shape(1, 2, 4, 4));
            flow.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(Warp.apply(img, flow).sum());
            }
            float[] grad = flow.getGradient().toFloatArray();
            float eps = 1e-2f;
            int probe = 5;
            f[probe] += eps;
            float plus = Warp.apply(img, m.create(f, new Shape(1, 2, 4, 4))).sum().getFloat();
            f[probe] -= 2 * eps;
            float minus = Warp.apply(img, m.create(f, new Shape(1, 2, 4, 4))).sum().getFloat();
            assertEquals((plus - minus) / (2 * eps), grad[probe], 1e-2f);
            assertTrue(Math.abs(grad[probe]) > 1e-3f, "the flow receives a gradient");
        }
    }
}
