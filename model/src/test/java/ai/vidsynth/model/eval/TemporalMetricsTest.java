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
    void flowWarpedDifferenceIsSplitByTheClassOfEachPixel() {
        int w = 32;
        int h = 16;
        RgbImage base = gradient(w, h);
        RgbImage changed = noise(4, 40, base);
        byte[] mixed = base.rgb().clone();
        byte[] labelIds = new byte[w * h];
        for (int i = 0; i < w * h; i++) {
            boolean car = i % w >= w / 2;
            boolean unlabeled = i / w == 0;
            labelIds[i] = (byte) (unlabeled ? 0 : car ? 26 : 7);
            if (car) {
                System.arraycopy(changed.rgb(), 3 * i, mixed, 3 * i, 3);
            }
        }
        LabelFrame labels = new LabelFrame(w, h, labelIds, null);
        List<RgbImage> frames = List.of(base, new RgbImage(w, h, mixed));
        // the camera does not move: the flow is zero and only the car half of the generated frame changed
        TemporalMetrics.FlowWarped split = TemporalMetrics.flowWarped(frames, List.of(base, base), List.of(labels, labels));

        assertEquals(TemporalMetrics.flowWarpedDifference(frames, List.of(base, base)), split.total(), 1e-9);
        assertEquals(List.of("road", "car", "void"), List.copyOf(split.byClass().keySet()));
        assertEquals(0.0, split.byClass().get("road").difference(), 0.5);
        assertTrue(split.byClass().get("car").difference() > 10, split.byClass().toString());
        assertEquals(15.0 / 32, split.byClass().get("road").pixelShare(), 1e-9);
        assertEquals(1.0 / 16, split.byClass().get("void").pixelShare(), 1e-9);
        double parts = 0;
        for (TemporalMetrics.ClassPart p : split.byClass().values()) {
            parts += p.difference() * p.pixelShare();
        }
        assertEquals(split.total(), parts, 1e-9);
    }

    @Test
    void blurLowersSharpness() {
        RgbImage sharp = noise(3, 60, gradient(32, 16));
        RgbImage flat = new RgbImage(32, 16, new byte[32 * 16 * 3]);
        assertTrue(TemporalMetrics.sharpness(List.of(sharp)) > 10 * Math.max(1e-9, TemporalMetrics.sharpness(List.of(flat))) );
        assertEquals(0.0, TemporalMetrics.sharpness(List.of(flat)));
    }
}
