package ai.vidsynth.model.flow;

import ai.vidsynth.model.labels.BoundaryMap;
import ai.vidsynth.model.labels.LabelFrame;
import java.util.ArrayList;
import java.util.List;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.imgproc.Imgproc;

/**
 * The inside of a label region moved as one piece: for each connected region of the given labels, an affine motion
 * fitted (RANSAC) to the flow along the region's edges, where a label map's flow is measured, replaces the flow inside
 * it, where Farneback only spreads what the edges say through its pyramid.
 *
 * <p>Why: a facade's windows are the sharpest texture a generated street has, and what carries them from frame to frame
 * is the label maps' flow inside a region with no texture of its own. Measured against the camera frames' Farneback flow
 * at 256x128 (30 frames of each training sequence, mean end-point error over the class's pixels, before -> after):
 * buildings 1.53 -> 0.89 (seq0000), 1.28 -> 1.25, 2.37 -> 1.88, 1.63 -> 1.03, 1.47 -> 1.12 (seq0004); vegetation
 * 2.63 -> 2.26, 0.72 -> 0.69, 1.98 -> 1.58, 0.60 -> 0.61 (seq0003 has none). Not used for the road, whose edges run
 * toward the point the camera drives at, so that they say nothing of its speed (4.37 -> 4.66 on seq0004, worse on
 * three of five), nor the sky, whose edges belong to nearer things (0.84 -> 0.97); poles, walls, fences, cars and
 * sidewalks did not change by more than 0.1 px. Affine rather than a homography: equal or better on every sequence
 * (1.00 against 0.89 on seq0000). OpenCV's RANSAC draws from a fixed seed, so the same frames give the same flow (the
 * service reproduces frames byte for byte after a crash).
 */
final class RegionMotion {

    /** Pixels within this distance of a label change are the fit's data and keep their own flow. */
    static final float EDGE_BAND = 3f;
    /** RANSAC's inlier distance, pixels: 0.5 to 2 moved the errors above by less than 0.1 px except on seq0002. */
    private static final double INLIER_PIXELS = 1.0;
    /** Smaller regions keep Farneback's flow: too few edge pixels to fit six parameters against outliers. */
    static final int MIN_REGION_PIXELS = 150;

    static {
        OpticalFlow.loadOpenCv();
    }

    private RegionMotion() {}

    /** Replaces, in place, {@code flow}'s values inside each region of {@code labelIds} in {@code current}. */
    static void fill(LabelFrame current, float[][] flow, int... labelIds) {
        int w = current.width();
        int h = current.height();
        float[] edgeDistance = edgeDistance(current);
        for (int labelId : labelIds) {
            int[] region = regions(current, labelId);
            int count = 0;
            for (int r : region) {
                count = Math.max(count, r);
            }
            List<List<Integer>> edges = new ArrayList<>();
            List<List<Integer>> insides = new ArrayList<>();
            for (int k = 0; k <= count; k++) {
                edges.add(new ArrayList<>());
                insides.add(new ArrayList<>());
            }
            for (int i = 0; i < w * h; i++) {
                if (region[i] > 0) {
                    (edgeDistance[i] <= EDGE_BAND ? edges : insides).get(region[i]).add(i);
                }
            }
            for (int k = 1; k <= count; k++) {
                if (edges.get(k).size() + insides.get(k).size() < MIN_REGION_PIXELS || insides.get(k).isEmpty()) {
                    continue;
                }
                double[] a = affine(edges.get(k), flow, w);
                if (a == null) {
                    continue;
                }
                for (int i : insides.get(k)) {
                    int x = i % w;
                    int y = i / w;
                    flow[0][i] = (float) (a[0] * x + a[1] * y + a[2] - x);
                    flow[1][i] = (float) (a[3] * x + a[4] * y + a[5] - y);
                }
            }
        }
    }

    /** The affine map p -> p + flow(p) over the given pixels, row-major 2x3, or null where RANSAC finds none. */
    private static double[] affine(List<Integer> pixels, float[][] flow, int w) {
        Point[] from = new Point[pixels.size()];
        Point[] to = new Point[pixels.size()];
        for (int j = 0; j < from.length; j++) {
            int i = pixels.get(j);
            from[j] = new Point(i % w, i / w);
            to[j] = new Point(i % w + flow[0][i], i / w + flow[1][i]);
        }
        MatOfPoint2f src = new MatOfPoint2f(from);
        MatOfPoint2f dst = new MatOfPoint2f(to);
        Mat inliers = new Mat();
        Mat m = Calib3d.estimateAffine2D(src, dst, inliers, Calib3d.RANSAC, INLIER_PIXELS);
        double[] a = null;
        if (!m.empty()) {
            a = new double[6];
            m.get(0, 0, a);
        }
        src.release();
        dst.release();
        inliers.release();
        m.release();
        return a;
    }

    /** Distance of each pixel to the nearest pixel whose label differs from a 4-neighbour's (0 on such pixels). */
    static float[] edgeDistance(LabelFrame f) {
        int w = f.width();
        int h = f.height();
        int[] labels = new int[w * h];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = f.labels()[i] & 0xff;
        }
        // the labels' edges, not the instances': a region's own outline is what its motion is fitted to
        boolean[] edge = BoundaryMap.of(labels, w, h);
        byte[] notEdge = new byte[w * h];
        for (int i = 0; i < notEdge.length; i++) {
            notEdge[i] = (byte) (edge[i] ? 0 : 255);
        }
        Mat src = new Mat(h, w, CvType.CV_8UC1);
        src.put(0, 0, notEdge);
        Mat d = new Mat();
        Imgproc.distanceTransform(src, d, Imgproc.DIST_L2, 3);
        float[] out = new float[w * h];
        d.get(0, 0, out);
        src.release();
        d.release();
        return out;
    }

    /** Each pixel's 4-connected region of {@code labelId} numbered from 1, 0 elsewhere. */
    private static int[] regions(LabelFrame f, int labelId) {
        int w = f.width();
        int h = f.height();
        byte[] mask = new byte[w * h];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (byte) ((f.labels()[i] & 0xff) == labelId ? 255 : 0);
        }
        Mat src = new Mat(h, w, CvType.CV_8UC1);
        src.put(0, 0, mask);
        Mat labels = new Mat();
        Imgproc.connectedComponents(src, labels, 4, CvType.CV_32S);
        int[] out = new int[w * h];
        labels.get(0, 0, out);
        src.release();
        labels.release();
        return out;
    }
}
