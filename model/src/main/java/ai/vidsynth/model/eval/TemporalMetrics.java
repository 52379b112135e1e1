package ai.vidsynth.model.eval;

import ai.vidsynth.model.flow.OpticalFlow;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Temporal stability and sharpness of a frame sequence, in 8-bit units:
 * <ul>
 *   <li>{@link #labelStableDifference}: mean absolute difference of consecutive frames over the pixels whose
 *       label did not change (works on label-only sequences);</li>
 *   <li>{@link #flowWarpedDifference}: mean absolute difference between each frame and the previous one warped
 *       by the real frames' optical flow (the camera and object motion removed);</li>
 *   <li>{@link #sharpness}: mean gradient magnitude of the luminance, so that a frozen or blurred video,
 *       which would be "stable", is seen for what it is.</li>
 * </ul>
 */
public final class TemporalMetrics {

    private TemporalMetrics() {}

    public static double labelStableDifference(List<RgbImage> frames, List<LabelFrame> labels) {
        double sum = 0;
        long n = 0;
        for (int t = 1; t < frames.size(); t++) {
            byte[] a = frames.get(t - 1).rgb();
            byte[] b = frames.get(t).rgb();
            byte[] la = labels.get(t - 1).labels();
            byte[] lb = labels.get(t).labels();
            for (int i = 0; i < la.length; i++) {
                if (la[i] == lb[i]) {
                    for (int c = 0; c < 3; c++) {
                        sum += Math.abs((a[3 * i + c] & 0xff) - (b[3 * i + c] & 0xff));
                    }
                    n += 3;
                }
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** @param real the real frames the flow is computed on (same size as {@code frames}) */
    public static double flowWarpedDifference(List<RgbImage> frames, List<RgbImage> real) {
        return flowWarped(frames, real, null).total();
    }

    /**
     * The flow-warped difference, overall and split by the class of each pixel's label in frame t.
     *
     * @param total   the mean over all pixels, {@link #flowWarpedDifference}
     * @param byClass per trainId class (label ids without one under "void"): that class's mean difference and its
     *                share of the pixels, so that share x difference / total is its part of the total. Where a
     *                model's flicker is (the foreground it hallucinates anew every frame, textured buildings, or
     *                the sky) says what to train against; the camera frames' split says how much of it real video has.
     */
    public record FlowWarped(double total, Map<String, ClassPart> byClass) {}

    /** @param difference mean |x_t - warp(x_{t-1})| over the class's pixels; {@code pixelShare} of all pixels, in [0, 1] */
    public record ClassPart(double difference, double pixelShare) {}

    /** Groups of {@link #flowWarped}'s split: the 19 trainId classes, then "void" for label ids without one. */
    static final int CLASS_GROUPS = SegmentationScores.CLASSES + 1;

    /** The split's group of a pixel's trainId. */
    static int classGroup(int trainId) {
        return trainId >= SegmentationScores.CLASSES ? CLASS_GROUPS - 1 : trainId;
    }

    static String groupName(int group) {
        return group == CLASS_GROUPS - 1 ? "void" : QualityEvaluation.trainIdName(group);
    }

    /** The camera frames' backward flow from each frame to the one before (element t, for t >= 1; element 0 is null). */
    public static List<float[][]> cameraFlows(List<RgbImage> real) {
        List<float[][]> flows = new ArrayList<>();
        flows.add(null);
        for (int t = 1; t < real.size(); t++) {
            flows.add(OpticalFlow.backward(real.get(t - 1), real.get(t)));
        }
        return flows;
    }

    /** @param labels the frames' label maps (at the frames' size), or null for the total alone */
    public static FlowWarped flowWarped(List<RgbImage> frames, List<RgbImage> real, List<LabelFrame> labels) {
        return flowWarpedAlong(frames, cameraFlows(real), labels);
    }

    /** {@link #flowWarped} with the camera frames' flows computed once ({@link #cameraFlows}) for several sequences. */
    public static FlowWarped flowWarpedAlong(List<RgbImage> frames, List<float[][]> flows, List<LabelFrame> labels) {
        double[] sum = new double[CLASS_GROUPS];
        long[] n = new long[CLASS_GROUPS];
        for (int t = 1; t < frames.size(); t++) {
            byte[] a = warp(frames.get(t - 1), flows.get(t)).rgb();
            byte[] b = frames.get(t).rgb();
            int[] classes = labels == null ? null : SegmentationScores.trainIds(labels.get(t).labels(), LabelSet.CITYSCAPES_35);
            for (int i = 0; i < a.length; i += 3) {
                int group = classes == null ? CLASS_GROUPS - 1 : classGroup(classes[i / 3]);
                sum[group] += Math.abs((a[i] & 0xff) - (b[i] & 0xff)) + Math.abs((a[i + 1] & 0xff) - (b[i + 1] & 0xff))
                        + Math.abs((a[i + 2] & 0xff) - (b[i + 2] & 0xff));
                n[group] += 3;
            }
        }
        double all = 0;
        long count = 0;
        for (int g = 0; g < CLASS_GROUPS; g++) {
            all += sum[g];
            count += n[g];
        }
        Map<String, ClassPart> byClass = new LinkedHashMap<>();
        for (int g = 0; labels != null && g < CLASS_GROUPS; g++) {
            if (n[g] > 0) {
                byClass.put(groupName(g), new ClassPart(sum[g] / n[g], (double) n[g] / count));
            }
        }
        return new FlowWarped(count == 0 ? 0 : all / count, byClass);
    }

    /** Mean over frames of the mean gradient magnitude (forward differences) of the luminance. */
    public static double sharpness(List<RgbImage> frames) {
        double[] each = sharpnessByFrame(frames);
        double total = 0;
        for (double v : each) {
            total += v;
        }
        return frames.isEmpty() ? 0 : total / frames.size();
    }

    /** Each frame's mean gradient magnitude of the luminance: blur that accumulates shows as a falling series. */
    public static double[] sharpnessByFrame(List<RgbImage> frames) {
        double[] out = new double[frames.size()];
        for (int k = 0; k < out.length; k++) {
            RgbImage f = frames.get(k);
            int w = f.width();
            int h = f.height();
            double[] lum = luminance(f);
            double sum = 0;
            for (int y = 0; y < h - 1; y++) {
                for (int x = 0; x < w - 1; x++) {
                    double gx = lum[y * w + x + 1] - lum[y * w + x];
                    double gy = lum[(y + 1) * w + x] - lum[y * w + x];
                    sum += Math.sqrt(gx * gx + gy * gy);
                }
            }
            out[k] = sum / ((w - 1) * (h - 1));
        }
        return out;
    }

    /** Rec. 601 luma of each pixel, in 8-bit units, row-major. */
    static double[] luminance(RgbImage f) {
        byte[] rgb = f.rgb();
        double[] lum = new double[f.width() * f.height()];
        for (int i = 0; i < lum.length; i++) {
            lum[i] = 0.299 * (rgb[3 * i] & 0xff) + 0.587 * (rgb[3 * i + 1] & 0xff) + 0.114 * (rgb[3 * i + 2] & 0xff);
        }
        return lum;
    }

    /** Backward bilinear warp with border clamping, the same sampling as the model's warp, on 8-bit images. */
    public static RgbImage warp(RgbImage image, float[][] flow) {
        int w = image.width();
        int h = image.height();
        byte[] src = image.rgb();
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double sx = Math.min(w - 1, Math.max(0, x + flow[0][i]));
                double sy = Math.min(h - 1, Math.max(0, y + flow[1][i]));
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                int x1 = Math.min(w - 1, x0 + 1);
                int y1 = Math.min(h - 1, y0 + 1);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - fy) * ((1 - fx) * (src[3 * (y0 * w + x0) + c] & 0xff) + fx * (src[3 * (y0 * w + x1) + c] & 0xff))
                            + fy * ((1 - fx) * (src[3 * (y1 * w + x0) + c] & 0xff) + fx * (src[3 * (y1 * w + x1) + c] & 0xff));
                    out[3 * i + c] = (byte) Math.round(v);
                }
            }
        }
        return new RgbImage(w, h, out);
    }
}
