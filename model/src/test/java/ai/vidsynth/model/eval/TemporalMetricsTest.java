package ai.vidsynth.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalMetricsTest {

    static RgbImage noise(long seed, int amplitude, RgbImage base) {
        Random r = new Random(seed);
        byte[] out = base.rgb().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, (out[i] & 0xff) + r.nextInt(2 * amplitude + 1) - amplitude));
        }
        return new RgbImage(base.width(), base.height(), out);
    }

    static RgbImage gradient(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = (byte) (i % w * 4);
            rgb[3 * i + 1] = (byte) (i / w * 4);
            rgb[3 * i + 2] = 100;
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    void zeroForIdenticalFramesAndGrowingWithNoise() {
        RgbImage base = gradient(32, 16);
        LabelFrame l = new LabelFrame(32, 16, new byte[32 * 16], null);
        assertEquals(0.0, TemporalMetrics.labelStableDifference(List.of(base, base, base), List.of(l, l, l)));
        double small = TemporalMetrics.labelStableDifference(List.of(noise(1, 5, base), noise(2, 5, base)), List.of(l, l));
        double large = TemporalMetrics.labelStableDifference(List.of(noise(1, 30, base), noise(2, 30, base)), List.of(l, l));
        assertTrue(small > 0 && large > 2 * small, small + " vs " + large);
        assertEquals(0.0, TemporalMetrics.flowWarpedDifference(List.of(base, base), List.of(base, base)), 0.5);
    }

    @Test
    void pixelsWhoseLabelChangedAreIgnored() {
        RgbImage a = gradient(4, 1);
        RgbImage b = new RgbImage(4, 1, a.rgb().clone());
        b.rgb()[0] = (byte) 250;
        LabelFrame la = new LabelFrame(4, 1, new byte[] {7, 7, 7, 7}, null);
        LabelFrame lb = new LabelFrame(4, 1, new byte[] {26, 7, 7, 7}, null);
        assertEquals(0.0, TemporalMetrics.labelStableDifference(List.of(a, b), List.of(la, lb)));
    }

    @Test
    void blurLowersSharpness() {
        RgbImage sharp = noise(3, 60, gradient(32, 16));
        RgbImage flat = new RgbImage(32, 16, new byte[32 * 16 * 3]);
        assertTrue(TemporalMetrics.sharpness(List.of(sharp)) > 10 * Math.max(1e-9, TemporalMetrics.sharpness(List.of(flat))) );
        assertEquals(0.0, TemporalMetrics.sharpness(List.of(flat)));
    }
}
