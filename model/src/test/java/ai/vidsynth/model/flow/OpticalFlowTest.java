package ai.vidsynth.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.vidsynth.model.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpticalFlowTest {

    /** A textured image moved 3 pixels right: the backward flow says "look 3 pixels left" in the interior. */
    @Test
    void recoversAKnownShift() {
        int w = 64;
        int h = 48;
        Random r = new Random(1);
        float[][] tex = new float[h + 8][w + 8];
        for (int y = 0; y < tex.length; y++) {
            for (int x = 0; x < tex[0].length; x++) {
                tex[y][x] = r.nextFloat();
            }
        }
        byte[] a = new byte[w * h * 3];
        byte[] b = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // smooth texture: average of a 3x3 neighbourhood of noise
                for (int c = 0; c < 3; c++) {
                    a[3 * (y * w + x) + c] = (byte) (smooth(tex, y + 4, x + 4) * 255);
                    b[3 * (y * w + x) + c] = (byte) (smooth(tex, y + 4, x + 4 - 3) * 255);
                }
            }
        }
        float[][] flow = OpticalFlow.backward(new RgbImage(w, h, a), new RgbImage(w, h, b));
        double u = 0;
        double v = 0;
        int n = 0;
        for (int y = 12; y < h - 12; y++) {
            for (int x = 12; x < w - 12; x++) {
                u += flow[0][y * w + x];
                v += flow[1][y * w + x];
                n++;
            }
        }
        assertEquals(-3.0, u / n, 0.5);
        assertEquals(0.0, v / n, 0.5);
    }

    static float smooth(float[][] t, int y, int x) {
        float s = 0;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                s += t[y + dy][x + dx];
            }
        }
        return s / 9;
    }
}
