package ai.vidsynth.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.labels.LabelColours;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import org.junit.jupiter.api.Test;

/**
 * The label maps' own motion: a street-like label map (road, a facade, a car, sky, two poles) moved 3 px right and 2
 * px down reads as a backward flow of (-3, -2), inside the facade too, where a label map has no texture.
 */
class LabelFlowTest {

    static final int W = 160;
    static final int H = 96;

    /** Cityscapes ids: road 7, building 11, pole 17, sky 23, car 26. */
    static LabelFrame street(int dx, int dy) {
        byte[] labels = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int sx = x - dx;
                int sy = y - dy;
                int id = sy < 28 ? 23 : sy < 60 ? 11 : 7;
                if (sx >= 100 && sx < 130 && sy >= 50 && sy < 68) {
                    id = 26;
                }
                if ((sx >= 30 && sx < 33 || sx >= 140 && sx < 143) && sy >= 15 && sy < 70) {
                    id = 17;
                }
                if (sy >= 28 && sy < 60 && sx >= 60 && sx < 64) {
                    id = 0; // a gap between two facades
                }
                labels[y * W + x] = (byte) id;
            }
        }
        return new LabelFrame(W, H, labels, null);
    }

    @Test
    void aMovedLabelMapReadsAsItsMotionInsideRegionsToo() {
        float[][] flow = LabelFlow.backward(street(0, 0), street(3, 2), LabelSet.CITYSCAPES_35);
        // inside the left facade (x 36-56, y 34-54: more than 4 px from any edge) and on the whole frame's interior
        double[] facade = mean(flow, 36, 56, 34, 54);
        assertEquals(-3, facade[0], 0.75, "u inside the facade");
        assertEquals(-2, facade[1], 0.75, "v inside the facade");
        // OpenCV's default Farneback parameters (3 levels, window 15) leave the inside of the facade behind
        float[][] defaults = OpticalFlow.backward(LabelColours.paint(street(0, 0), LabelSet.CITYSCAPES_35),
                LabelColours.paint(street(3, 2), LabelSet.CITYSCAPES_35));
        double[] before = mean(defaults, 36, 56, 34, 54);
        assertTrue(Math.hypot(facade[0] + 3, facade[1] + 2) < Math.hypot(before[0] + 3, before[1] + 2),
                "label flow " + facade[0] + "," + facade[1] + " against the defaults' " + before[0] + "," + before[1]);
    }

    @Test
    void stillLabelsDoNotMove() {
        float[][] flow = LabelFlow.backward(street(0, 0), street(0, 0), LabelSet.CITYSCAPES_35);
        double[] all = mean(flow, 0, W, 0, H);
        assertEquals(0, all[0], 1e-3);
        assertEquals(0, all[1], 1e-3);
    }

    @Test
    void framesOfDifferentSizesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> LabelFlow.backward(street(0, 0), street(0, 0).resizedNearest(W / 2, H / 2), LabelSet.CITYSCAPES_35));
    }

    private static double[] mean(float[][] flow, int x0, int x1, int y0, int y1) {
        double u = 0;
        double v = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                u += flow[0][y * W + x];
                v += flow[1][y * W + x];
                n++;
            }
        }
        return new double[] {u / n, v / n};
    }
}
