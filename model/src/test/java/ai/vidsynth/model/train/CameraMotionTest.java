package ai.vidsynth.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.eval.TemporalMetrics;
import ai.vidsynth.model.flow.OpticalFlow;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A still moved by a camera motion: its flow is the motion's (the previous frame warped by it is the frame, and
 * Farneback, which knows nothing of the motion, finds the same flow on the frames), and its labels move with it.
 */
class CameraMotionTest {

    static final int W = 128;
    static final int H = 64;

    /** A smooth, textured still at twice the output size, its left half one label and its right half another. */
    static TrainingExample still() {
        int w = 2 * W;
        int h = 2 * H;
        Random r = new Random(3);
        double[][] waves = new double[12][4];
        for (double[] v : waves) {
            v[0] = 0.02 + 0.1 * r.nextDouble();
            v[1] = 0.02 + 0.1 * r.nextDouble();
            v[2] = 2 * Math.PI * r.nextDouble();
            v[3] = 10 + 15 * r.nextDouble();
        }
        byte[] rgb = new byte[w * h * 3];
        byte[] ids = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 128;
                for (double[] p : waves) {
                    v += p[3] * Math.sin(p[0] * x + p[1] * y + p[2]);
                }
                int i = y * w + x;
                for (int c = 0; c < 3; c++) {
                    rgb[3 * i + c] = (byte) Math.max(0, Math.min(255, (int) v + 10 * c));
                }
                ids[i] = (byte) (x < w / 2 ? 7 : 26);
            }
        }
        return new TrainingExample("still", new LabelFrame(w, h, ids, null), new RgbImage(w, h, rgb));
    }

    @Test
    void theFlowCarriesEachFrameOntoTheNext() {
        CameraMotion.Move move = new CameraMotion.Move(1.04, 1.5, -0.4, W * 0.45, H * 0.55);
        TrainingSequence seq = CameraMotion.sequence("moved", still(), W, H, 5, move, 2);
        assertEquals(5, seq.size());
        for (int k = 1; k < 5; k++) {
            RgbImage previous = seq.frame(k - 1).image();
            RgbImage frame = seq.frame(k).image();
            double carried = meanDifference(TemporalMetrics.warp(previous, seq.flowBack(1, k)), frame);
            double still = meanDifference(previous, frame);
            assertTrue(carried < 2.5 && carried < 0.25 * still, "frame " + k + ": " + carried + " after the flow, " + still + " without");
        }
        double carriedTwo = meanDifference(TemporalMetrics.warp(seq.frame(1).image(), seq.flowBack(2, 3)), seq.frame(3).image());
        assertTrue(carriedTwo < 3, "over two frames: " + carriedTwo);

        // Farneback, which knows nothing of the motion, finds it too (the same direction), if less exactly
        float[][] farneback = OpticalFlow.backward(seq.frame(2).image(), seq.frame(3).image());
        float[][] exact = seq.flowBack(1, 3);
        double fu = 0;
        double fv = 0;
        double eu = 0;
        double ev = 0;
        for (int i = 0; i < W * H; i++) {
            fu += farneback[0][i];
            fv += farneback[1][i];
            eu += exact[0][i];
            ev += exact[1][i];
        }
        double cosine = (fu * eu + fv * ev) / Math.hypot(fu, fv) / Math.hypot(eu, ev);
        assertTrue(cosine > 0.95, "mean flows " + fu + "," + fv + " (Farneback) and " + eu + "," + ev + " (the motion's)");
        double byFarneback = meanDifference(TemporalMetrics.warp(seq.frame(2).image(), farneback), seq.frame(3).image());
        double byMotion = meanDifference(TemporalMetrics.warp(seq.frame(2).image(), exact), seq.frame(3).image());
        assertTrue(byMotion < byFarneback, byMotion + " after the motion's flow, " + byFarneback + " after Farneback's");
    }

    @Test
    void labelsMoveWithTheImage() {
        // no zoom, 2 px a frame to the right in the still: the label boundary moves 2 px left each frame
        CameraMotion.Move move = new CameraMotion.Move(1, 2 / CameraMotion.MAGNIFICATION, 0, W / 2.0, H / 2.0);
        TrainingSequence seq = CameraMotion.sequence("moved", still(), W, H, 3, move, 1);
        int[] boundary = new int[3];
        for (int k = 0; k < 3; k++) {
            LabelFrame l = seq.frame(k).labels();
            int x = 0;
            while (l.labelAt(x, H / 2) == 7) {
                x++;
            }
            boundary[k] = x;
        }
        assertEquals(W / 2, boundary[0], 1);
        assertEquals(-2, boundary[1] - boundary[0], 1);
        assertEquals(-2, boundary[2] - boundary[1], 1);
        assertEquals(2.0, seq.flowBack(1, 2)[0][H / 2 * W + 10], 1e-4, "backward flow points to where it was: 2 px right");
    }

    @Test
    void drawnMovesStayInsideTheStill() {
        Random r = new Random(9);
        for (int i = 0; i < 200; i++) {
            CameraMotion.Move m = CameraMotion.Move.draw(r, 256, 128);
            for (int k = 0; k < 8; k++) {
                for (double[] corner : new double[][] {{0, 0}, {255, 0}, {0, 127}, {255, 127}}) {
                    double[] s = CameraMotion.source(m, k, corner[0], corner[1]);
                    assertTrue(s[0] >= -0.5 && s[0] <= 255.5 && s[1] >= -0.5 && s[1] <= 127.5, m + " frame " + k);
                }
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> CameraMotion.sequence("x", still(), 100, 64, 3, new CameraMotion.Move(1, 0, 0, 50, 32), 1));
    }

    static double meanDifference(RgbImage a, RgbImage b) {
        double sum = 0;
        int n = 0;
        // the interior: at the borders the warp clamps
        for (int y = 6; y < a.height() - 6; y++) {
            for (int x = 6; x < a.width() - 6; x++) {
                for (int c = 0; c < 3; c++) {
                    int i = 3 * (y * a.width() + x) + c;
                    sum += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
                    n++;
                }
            }
        }
        return sum / n;
    }
}
