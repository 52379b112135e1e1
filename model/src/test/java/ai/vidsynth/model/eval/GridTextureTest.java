package ai.vidsynth.model.eval;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GridTextureTest {

    /** A street-like frame without any lattice: smooth noise (a box-blurred random field) plus edges. */
    static double[] scene(int w, int h, long seed) {
        Random r = new Random(seed);
        double[] noise = new double[w * h];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = r.nextGaussian() * 40;
        }
        double[] v = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                int n = 0;
                for (int dy = -2; dy <= 2; dy++) {
                    for (int dx = -2; dx <= 2; dx++) {
                        int yy = Math.floorMod(y + dy, h);
                        int xx = Math.floorMod(x + dx, w);
                        s += noise[yy * w + xx];
                        n++;
                    }
                }
                v[y * w + x] = 128 + s / n + (y < h / 3 ? 40 : 0) + (x % 61 < 3 ? -30 : 0);
            }
        }
        return v;
    }

    static RgbImage gray(double[] v, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < v.length; i++) {
            int g = (int) Math.max(0, Math.min(255, Math.round(v[i])));
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) g;
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    void aFrameWithoutALatticeScoresAboutOneAndALatticeOfTwoLevelsStandsOut() {
        int w = 256;
        int h = 128;
        double[] clean = scene(w, h, 5);
        double[] gridded = clean.clone();
        // what unbalanced transposed convolutions leave: a gain per phase, repeating every 2, 4 and 8 pixels
        Random r = new Random(9);
        double[] phaseGain = new double[64];
        for (int i = 0; i < phaseGain.length; i++) {
            phaseGain[i] = r.nextGaussian() * 2;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                gridded[y * w + x] += phaseGain[(y % 8) * 8 + x % 8];
            }
        }
        double without = GridTexture.peakRatio(List.of(gray(clean, w, h)));
        double with = GridTexture.peakRatio(List.of(gray(gridded, w, h)));
        assertTrue(without > 0.3 && without < 3, "no lattice: " + without);
        assertTrue(with > 10 * without, "lattice of about two 8-bit levels: " + with + " against " + without);
    }

    @Test
    void sidesThatAreNotMultiplesOfTheLatticeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GridTexture.peakRatio(List.of(new RgbImage(30, 16, new byte[30 * 16 * 3]))));
    }
}
