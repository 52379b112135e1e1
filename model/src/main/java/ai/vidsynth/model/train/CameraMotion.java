package ai.vidsynth.model.train;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Short sequences made from one labelled still: the still seen by a camera that moves towards it (a zoom about a
 * drawn point) and sideways, frame after frame, with the exact backward flow of that motion. The flow head of a
 * vid2vid generator trained on the four or five recorded sequences learnt their motions, not motion: on a held-out
 * sequence its flow was 1.7 px long where the camera frames' was 4.2 (1-2 px off on the sequences it trained on),
 * and with the camera frames' flow the same generator was as steady as the camera ({@code flow-check},
 * docs/eval.md). The 157 stills are 157 more scenes to read motion in, each moving as drawn; the flow is known
 * exactly, where the recorded sequences' is Farneback's estimate. A zoom has no parallax (near and far move alike),
 * unlike a real camera driving forward: it teaches where things went, not depth.
 *
 * <p>Frame k shows the still around c at magnification {@code m * zoom^k}, shifted by k times the drift: output
 * pixel p samples the still at {@code c + (p - c) / (m * zoom^k) + k * drift} (in output pixels, the still being
 * {@code scale} times the output's size), so the backward flow of frame k over {@code j} frames is
 * {@code c + (p - c) * zoom^-j + m * zoom^(k-j) * j * drift - p}. The first frame's magnification {@code m} keeps
 * every frame inside the still.
 */
public final class CameraMotion {

    /** The first frame's magnification: a margin of 1 - 1/m of the still around it for the camera to move into. */
    static final double MAGNIFICATION = 1.25;

    private CameraMotion() {}

    /**
     * @param zoom  magnification from one frame to the next (1: no forward motion)
     * @param drift sideways and vertical motion per frame, output pixels at the first frame's magnification
     * @param cx    the point zoomed towards, output pixels
     */
    public record Move(double zoom, double driftX, double driftY, double cx, double cy) {

        /**
         * A move such as a car's camera makes over a few frames at 17 frames/s: towards the scene by up to 5% a frame,
         * sideways by up to 2 px (of 256) and a little up or down, towards a point in the middle third.
         */
        public static Move draw(Random r, int width, int height) {
            return new Move(1 + 0.05 * r.nextDouble(), 4 * r.nextDouble() - 2, r.nextDouble() - 0.5,
                    width * (1 + r.nextDouble()) / 3, height * (1 + r.nextDouble()) / 3);
        }
    }

    /**
     * {@code frames} frames of {@code still} moved by {@code move}, at {@code width} x {@code height}, with flows for
     * skips up to {@code maxSkip}.
     *
     * @param still the labelled still at an integer multiple of the output size (sharper frames when larger)
     */
    public static TrainingSequence sequence(String name, TrainingExample still, int width, int height, int frames, Move move, int maxSkip) {
        double scale = (double) still.image().width() / width;
        if (still.image().width() != Math.round(scale * width) || still.image().height() != Math.round(scale * height)) {
            throw new IllegalArgumentException("the still is " + still.image().width() + "x" + still.image().height()
                    + ", not a multiple of " + width + "x" + height);
        }
        List<TrainingExample> out = new ArrayList<>();
        for (int k = 0; k < frames; k++) {
            out.add(frame(still, width, height, scale, move, k));
        }
        List<List<float[][]>> flows = new ArrayList<>();
        for (int j = 1; j <= maxSkip; j++) {
            List<float[][]> byFrame = new ArrayList<>();
            for (int k = 0; k < frames; k++) {
                byFrame.add(k < j ? null : flow(width, height, move, k, j));
            }
            flows.add(byFrame);
        }
        return TrainingSequence.of(name, out, flows);
    }

    /** Where output pixel (x, y) of frame k samples the still, in output pixels: {x, y}. */
    static double[] source(Move m, int k, double x, double y) {
        double mag = MAGNIFICATION * Math.pow(m.zoom(), k);
        return new double[] {m.cx() + (x - m.cx()) / mag + k * m.driftX(), m.cy() + (y - m.cy()) / mag + k * m.driftY()};
    }

    static float[][] flow(int width, int height, Move m, int k, int j) {
        float[][] uv = new float[2][width * height];
        double shrink = Math.pow(m.zoom(), -j);
        double carry = MAGNIFICATION * Math.pow(m.zoom(), k - j) * j;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                uv[0][i] = (float) (m.cx() + (x - m.cx()) * shrink + carry * m.driftX() - x);
                uv[1][i] = (float) (m.cy() + (y - m.cy()) * shrink + carry * m.driftY() - y);
            }
        }
        return uv;
    }

    private static TrainingExample frame(TrainingExample still, int width, int height, double scale, Move m, int k) {
        RgbImage image = still.image();
        LabelFrame labels = still.labels();
        int sw = image.width();
        int sh = image.height();
        byte[] rgb = new byte[width * height * 3];
        byte[] ids = new byte[width * height];
        int[] instances = labels.instances() == null ? null : new int[width * height];
        byte[] src = image.rgb();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double[] s = source(m, k, x, y);
                // output pixel centre x + 0.5 is still position scale * (x + 0.5); pixel centres of the still at j + 0.5
                double sx = Math.min(sw - 1, Math.max(0, scale * (s[0] + 0.5) - 0.5));
                double sy = Math.min(sh - 1, Math.max(0, scale * (s[1] + 0.5) - 0.5));
                int x0 = (int) sx;
                int y0 = (int) sy;
                int x1 = Math.min(sw - 1, x0 + 1);
                int y1 = Math.min(sh - 1, y0 + 1);
                double fx = sx - x0;
                double fy = sy - y0;
                int i = y * width + x;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - fy) * ((1 - fx) * (src[3 * (y0 * sw + x0) + c] & 0xff) + fx * (src[3 * (y0 * sw + x1) + c] & 0xff))
                            + fy * ((1 - fx) * (src[3 * (y1 * sw + x0) + c] & 0xff) + fx * (src[3 * (y1 * sw + x1) + c] & 0xff));
                    rgb[3 * i + c] = (byte) Math.round(v);
                }
                int nearest = (int) Math.round(sy) * sw + (int) Math.round(sx);
                ids[i] = labels.labels()[nearest];
                if (instances != null) {
                    instances[i] = labels.instances()[nearest];
                }
            }
        }
        return new TrainingExample(still.name() + "@" + k, new LabelFrame(width, height, ids, instances), new RgbImage(width, height, rgb));
    }
}
