package ai.vidsynth.model.flow;

import ai.vidsynth.model.image.RgbImage;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.opencv.video.Video;

/**
 * Dense optical flow between real frames with OpenCV's Farneback method: vid2vid's flow supervision (the
 * paper uses FlowNet2, whose weights cannot be had here) and the flow for warping in stability metrics.
 * The flow is backward, as vid2vid warps: {@code current(p) ≈ previous(p + flow(p))}, in pixels, as
 * {@code float[2][H*W]} (u, then v).
 */
public final class OpticalFlow {

    static {
        nu.pattern.OpenCV.loadLocally();
        // OpenCV's own worker threads: none. Farneback at 256x128 took 8.8 ms a call on the calling thread against
        // 9.2 ms with OpenCV's default of one worker per core (2000 calls each, nothing else running), and in the
        // service a worker thread of its own competes with libtorch's threads for the same two cores and allocates in
        // an arena of its own (a suspect in the default model's resident-memory steps in the 8000-frame soak)
        org.opencv.core.Core.setNumThreads(1);
    }

    private OpticalFlow() {}

    /** Loads OpenCV's native library (this class's initializer) for the package's other users of OpenCV. */
    static void loadOpenCv() {}

    public static float[][] backward(RgbImage previous, RgbImage current) {
        // 3 levels, window 15, 3 iterations: OpenCV's documented defaults
        return backward(previous, current, 3, 15, 3);
    }

    /**
     * @param levels     pyramid levels (each half the size of the one below)
     * @param window     averaging window, pixels
     * @param iterations at each level
     */
    static float[][] backward(RgbImage previous, RgbImage current, int levels, int window, int iterations) {
        Mat cur = grey(current);
        Mat prev = grey(previous);
        Mat flow = new Mat();
        // pyramid scale 0.5, poly_n 5, poly_sigma 1.2: OpenCV's documented defaults
        Video.calcOpticalFlowFarneback(cur, prev, flow, 0.5, levels, window, iterations, 5, 1.2, 0);
        int n = current.width() * current.height();
        float[] interleaved = new float[2 * n];
        flow.get(0, 0, interleaved);
        float[][] uv = new float[2][n];
        for (int i = 0; i < n; i++) {
            uv[0][i] = interleaved[2 * i];
            uv[1][i] = interleaved[2 * i + 1];
        }
        cur.release();
        prev.release();
        flow.release();
        return uv;
    }

    private static Mat grey(RgbImage image) {
        Mat rgb = new Mat(image.height(), image.width(), CvType.CV_8UC3);
        rgb.put(0, 0, image.rgb());
        Mat grey = new Mat();
        Imgproc.cvtColor(rgb, grey, Imgproc.COLOR_RGB2GRAY);
        rgb.release();
        return grey;
    }
}
