package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvTranspose2dTest {

    /** PyTorch's ConvTranspose2d(k=3, s=2, p=1, output_padding=1) by its definition: scatter every input. */
    static float[] reference(float[] x, float[] w, float[] b, int cin, int cout, int h, int wd) {
        int oh = 2 * h;
        int ow = 2 * wd;
        float[] out = new float[cout * oh * ow];
        for (int co = 0; co < cout; co++) {
            for (int i = 0; i < oh * ow; i++) {
                out[co * oh * ow + i] = b[co];
            }
        }
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < wd; j++) {
                        for (int kr = 0; kr < 3; kr++) {
                            for (int kc = 0; kc < 3; kc++) {
                                int oy = 2 * i - 1 + kr;
                                int ox = 2 * j - 1 + kc;
                                if (oy >= 0 && oy < oh && ox >= 0 && ox < ow) {
                                    out[(co * oh + oy) * ow + ox] += w[((co * cin + ci) * 3 + kr) * 3 + kc] * x[(ci * h + i) * wd + j];
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void matchesTheDefinitionOfATransposedConvolution() {
        int cin = 3;
        int cout = 2;
        int h = 4;
        int wd = 5;
        Random r = new Random(1);
        float[] x = new float[cin * h * wd];
        float[] w = new float[cout * cin * 9];
        float[] b = {0.5f, -0.25f};
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = ConvTranspose2d.upsample(m.create(x, new Shape(1, cin, h, wd)),
                    m.create(w, new Shape(cout, cin, 3, 3)), m.create(b));
            assertEquals(new Shape(1, cout, 2 * h, 2 * wd), out.getShape());
            assertArrayEquals(reference(x, w, b, cin, cout, h, wd), out.toFloatArray(), 1e-4f);
        }
    }
}
