package ai.vidsynth.model.vid2vid;

import ai.djl.ndarray.NDArray;
import ai.vidsynth.model.nn.Warp;

/**
 * vid2vid's output: x_t = (1 - m_t) * warp(x_{t-1}, w_t) + m_t * h_t for the background, and the foreground
 * frame f_t where the foreground mask (cars etc., from this frame's labels) is 1:
 * x_t = fg * f_t + (1 - fg) * background.
 */
public final class Composition {

    private Composition() {}

    /** The warped previous frame and the composed frame. */
    public record Result(NDArray warped, NDArray image) {}

    /**
     * @param previous       x_{t-1} (N, 3, H, W)
     * @param hallucinated   h_t
     * @param foreground     f_t
     * @param flow           w_t (N, 2, H, W), pixels
     * @param mask           m_t (N, 1, H, W) in [0, 1]: 1 = take the hallucinated frame
     * @param foregroundMask (N, 1, H, W) 0/1, or null for no foreground split
     * @param warp           how {@code previous} is sampled between pixels
     */
    public static Result compose(NDArray previous, NDArray hallucinated, NDArray foreground, NDArray flow, NDArray mask,
            NDArray foregroundMask, Warp.Interpolation warp) {
        NDArray warped = Warp.apply(previous, flow, warp);
        NDArray background = warped.mul(mask.neg().add(1f)).add(hallucinated.mul(mask));
        if (foregroundMask == null) {
            return new Result(warped, background);
        }
        NDArray image = foreground.mul(foregroundMask).add(background.mul(foregroundMask.neg().add(1f)));
        return new Result(warped, image);
    }
}
