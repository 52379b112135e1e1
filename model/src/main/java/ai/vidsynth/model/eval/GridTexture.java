package ai.vidsynth.model.eval;

import ai.vidsynth.model.image.RgbImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How strongly a frame carries a periodic lattice: the grid texture of the shipped generators. Each of their three
 * stride-2 transposed convolutions computes its four output phases (even/odd row and column) with different slices
 * of its kernel, so unless training balances the slices, every phase has its own gain and the image gets a pattern
 * that repeats every 2, 4 and 8 pixels. In the spectrum that pattern is a set of peaks at the frequencies of an
 * 8-pixel lattice: (a W / 8, b H / 8) cycles for a, b = 0..4.
 *
 * <p>The measure: at each of the 16 off-axis lattice frequencies (a, b >= 1), the luminance's power over the median
 * power of the frequencies around it (a 7x7 window without its central 3x3), as a geometric mean over frequencies
 * and frames. A frame without a lattice scores about 1; ten times the power of the neighbourhood scores 10. The
 * axes (a = 0 or b = 0) are left out: straight horizontal and vertical edges (horizon, poles, facades) concentrate
 * power on them in camera frames too. Measured on seq0004 (256x128, 30 frames): camera frames 0.8, the shipped
 * generators 3 to 30 at single frequencies.
 */
public final class GridTexture {

    /** The lattice period in pixels: three stride-2 upsamplings. */
    public static final int PERIOD = 8;
    private static final int WINDOW = 3;
    private static final int CORE = 1;

    private GridTexture() {}

    /** The geometric mean peak ratio over {@code frames}; frames whose sides are not multiples of 8 are refused. */
    public static double peakRatio(List<RgbImage> frames) {
        double logSum = 0;
        int n = 0;
        for (RgbImage f : frames) {
            for (double r : peakRatios(f)) {
                logSum += Math.log(r);
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.exp(logSum / n);
    }

    /** Whether the lattice can be measured on this frame: sides that are multiples of {@link #PERIOD}. */
    public static boolean fits(RgbImage frame) {
        return frame.width() % PERIOD == 0 && frame.height() % PERIOD == 0;
    }

    /** The ratio at each off-axis lattice frequency of one frame, a-major. */
    static double[] peakRatios(RgbImage frame) {
        int w = frame.width();
        int h = frame.height();
        if (!fits(frame)) {
            throw new IllegalArgumentException("the grid measure needs sides that are multiples of " + PERIOD + ", got " + w + "x" + h);
        }
        double[] lum = TemporalMetrics.luminance(frame);
        int half = PERIOD / 2;
        // the frequencies needed on each axis: every lattice frequency and its neighbours
        int[] fxs = axisFrequencies(w, half);
        int[] fys = axisFrequencies(h, half);
        // separable DFT: rows at the needed horizontal frequencies, then columns at the needed vertical ones
        double[][] rowRe = new double[h][fxs.length];
        double[][] rowIm = new double[h][fxs.length];
        for (int k = 0; k < fxs.length; k++) {
            double[] cos = new double[w];
            double[] sin = new double[w];
            for (int x = 0; x < w; x++) {
                double phase = -2 * Math.PI * fxs[k] * x / w;
                cos[x] = Math.cos(phase);
                sin[x] = Math.sin(phase);
            }
            for (int y = 0; y < h; y++) {
                double re = 0;
                double im = 0;
                for (int x = 0; x < w; x++) {
                    double v = lum[y * w + x];
                    re += v * cos[x];
                    im += v * sin[x];
                }
                rowRe[y][k] = re;
                rowIm[y][k] = im;
            }
        }
        double[][] power = new double[fys.length][fxs.length];
        for (int j = 0; j < fys.length; j++) {
            for (int k = 0; k < fxs.length; k++) {
                double re = 0;
                double im = 0;
                for (int y = 0; y < h; y++) {
                    double phase = -2 * Math.PI * fys[j] * y / h;
                    double c = Math.cos(phase);
                    double s = Math.sin(phase);
                    re += rowRe[y][k] * c - rowIm[y][k] * s;
                    im += rowRe[y][k] * s + rowIm[y][k] * c;
                }
                power[j][k] = re * re + im * im;
            }
        }
        double[] ratios = new double[half * half];
        int span = 2 * WINDOW + 1;
        for (int a = 1; a <= half; a++) {
            for (int b = 1; b <= half; b++) {
                int cx = (a - 1) * span + WINDOW;
                int cy = (b - 1) * span + WINDOW;
                List<Double> around = new ArrayList<>();
                for (int dy = -WINDOW; dy <= WINDOW; dy++) {
                    for (int dx = -WINDOW; dx <= WINDOW; dx++) {
                        if (Math.abs(dx) > CORE || Math.abs(dy) > CORE) {
                            around.add(power[cy + dy][cx + dx]);
                        }
                    }
                }
                Collections.sort(around);
                double median = around.get(around.size() / 2);
                ratios[(a - 1) * half + (b - 1)] = power[cy][cx] / Math.max(median, 1e-12);
            }
        }
        return ratios;
    }

    /** For a = 1..half: the lattice frequency a * size / PERIOD and the WINDOW frequencies on either side. */
    private static int[] axisFrequencies(int size, int half) {
        int span = 2 * WINDOW + 1;
        int[] f = new int[half * span];
        for (int a = 1; a <= half; a++) {
            for (int d = -WINDOW; d <= WINDOW; d++) {
                f[(a - 1) * span + d + WINDOW] = a * size / PERIOD + d;
            }
        }
        return f;
    }
}
