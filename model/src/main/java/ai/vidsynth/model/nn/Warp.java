package ai.vidsynth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Backward warping of an image by a flow field, with border padding: output pixel (x, y) samples the input at
 * (x + u, y + v), coordinates clamped to the image (PyTorch's {@code grid_sample(..., padding_mode='border',
 * align_corners=True)} on pixel-unit flow, which vid2vid uses). DJL has no grid_sample, so the neighbours are
 * fetched with {@code gather} on the flattened image; the interpolation weights carry the gradient to the flow.
 *
 * <p>Bilinear interpolation is vid2vid's. It is a low-pass filter at every fractional shift (at half a pixel it
 * averages two neighbours), and vid2vid warps its own previous output frame after frame, so the filter is applied
 * again and again: measured on the shipped default model (stuttgart_00), the warped previous frame's sharpness is
 * 7.0 against 8.7 for the frame it was warped from. Bicubic interpolation (Keys' cubic convolution with a = -0.5,
 * i.e. Catmull-Rom: exact on quadratics, the kernel Keys showed third-order accurate) passes far more of the detail
 * below the Nyquist frequency: 8.6 in the same measurement.
 */
public final class Warp {

    /** How the previous frame is sampled between pixels. */
    public enum Interpolation {
        /** vid2vid's: the 4 neighbours. */
        BILINEAR,
        /** Keys' cubic convolution (a = -0.5) over the 16 neighbours: less blur per warp. */
        BICUBIC,
        /**
         * The nearest pixel: whole-pixel shifts, so no detail is lost however often a frame is warped, at the cost of
         * up to half a pixel of misplacement per warp (which the composed frame's hallucinated share corrects). It
         * passes no gradient to the flow; vid2vid's composition here never does (the flow learns from its own losses).
         */
        NEAREST
    }

    /** Keys' parameter; -0.5 makes the kernel Catmull-Rom's. */
    private static final float KEYS_A = -0.5f;

    private Warp() {}

    /** Bilinear, as vid2vid. */
    public static NDArray apply(NDArray image, NDArray flow) {
        return apply(image, flow, Interpolation.BILINEAR);
    }

    /**
     * @param image (N, C, H, W)
     * @param flow  (N, 2, H, W): channel 0 = horizontal displacement u, 1 = vertical v, in pixels
     */
    public static NDArray apply(NDArray image, NDArray flow, Interpolation interpolation) {
        Shape s = image.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDManager m = flow.getManager();
        NDArray gx = m.arange(0f, (float) w, 1f, DataType.FLOAT32).reshape(1, 1, 1, w);
        NDArray gy = m.arange(0f, (float) h, 1f, DataType.FLOAT32).reshape(1, 1, h, 1);
        NDArray x = flow.get(":, 0:1, :, :").add(gx).clip(0f, w - 1f);
        NDArray y = flow.get(":, 1:2, :, :").add(gy).clip(0f, h - 1f);
        NDArray x0 = x.stopGradient().floor();
        NDArray y0 = y.stopGradient().floor();
        NDArray wx = x.sub(x0);
        NDArray wy = y.sub(y0);
        NDArray flat = image.reshape(n, c, h * w);
        if (interpolation == Interpolation.NEAREST) {
            // floor(x + 0.5), not round(): PyTorch rounds halves to even, which would move neighbouring pixels apart
            return sample(flat, x.stopGradient().add(0.5f).floor(), y.stopGradient().add(0.5f).floor(), w, c);
        }
        if (interpolation == Interpolation.BICUBIC) {
            return bicubic(flat, x0, y0, wx, wy, w, h, c);
        }
        NDArray x1 = x0.add(1f).clip(0f, w - 1f);
        NDArray y1 = y0.add(1f).clip(0f, h - 1f);
        NDArray v00 = sample(flat, x0, y0, w, c);
        NDArray v01 = sample(flat, x1, y0, w, c);
        NDArray v10 = sample(flat, x0, y1, w, c);
        NDArray v11 = sample(flat, x1, y1, w, c);
        NDArray ox = wx.neg().add(1f);
        NDArray oy = wy.neg().add(1f);
        NDArray top = v00.mul(ox).add(v01.mul(wx));
        NDArray bottom = v10.mul(ox).add(v11.mul(wx));
        return top.mul(oy).add(bottom.mul(wy));
    }

    /**
     * The 4x4 neighbourhood at offsets -1..2 from (x0, y0), each row weighted by the cubic kernel of the horizontal
     * distance, the rows by that of the vertical one; neighbours beyond the border are the border pixel (clamped).
     * All 16 neighbours are fetched by one gather over broadcast indices and weighted by two reductions: written as
     * 16 separate gathers (as the bilinear path's 4) it took 12 ms a 256x128 frame here, against 3 for bilinear,
     * most of it the dispatch of about a hundred small ops.
     */
    private static NDArray bicubic(NDArray flat, NDArray x0, NDArray y0, NDArray tx, NDArray ty, long w, long h, long c) {
        NDManager m = x0.getManager();
        Shape s = x0.getShape();
        long n = s.get(0);
        long pixels = s.get(2) * s.get(3);
        NDArray offsets = m.arange(-1f, 3f, 1f, DataType.FLOAT32);
        // (N, 4, 1, HW) rows and (N, 1, 4, HW) columns of the neighbours, clamped to the image
        NDArray rows = y0.reshape(n, 1, 1, pixels).add(offsets.reshape(1, 4, 1, 1)).clip(0f, h - 1f);
        NDArray cols = x0.reshape(n, 1, 1, pixels).add(offsets.reshape(1, 1, 4, 1)).clip(0f, w - 1f);
        NDArray index = rows.mul((float) w).add(cols).toType(DataType.INT64, false).reshape(n, 1, 16 * pixels).repeat(1, c);
        NDArray neighbours = flat.gather(index, 2).reshape(n, c, 4, 4, pixels);
        NDArray kx = cubicWeights(tx.reshape(n, 1, 1, 1, pixels), 3);
        NDArray ky = cubicWeights(ty.reshape(n, 1, 1, 1, pixels), 2);
        return neighbours.mul(kx).sum(new int[] {3}).mul(ky.squeeze(3)).sum(new int[] {2}).reshape(n, c, s.get(2), s.get(3));
    }

    /**
     * Keys' kernel at distances 1 + t, t, 1 - t, 2 - t from the sample (t in [0, 1)): the weights of the neighbours
     * at offsets -1, 0, 1, 2, stacked on {@code axis}. They sum to 1 for every t.
     */
    private static NDArray cubicWeights(NDArray t, int axis) {
        float a = KEYS_A;
        NDArray t2 = t.mul(t);
        NDArray t3 = t2.mul(t);
        // |d| <= 1: (a + 2)|d|^3 - (a + 3)|d|^2 + 1; 1 < |d| < 2: a|d|^3 - 5a|d|^2 + 8a|d| - 4a, expanded in t
        NDArray w0 = t3.mul(a).sub(t2.mul(2 * a)).add(t.mul(a));
        NDArray w1 = t3.mul(a + 2).sub(t2.mul(a + 3)).add(1f);
        NDArray w2 = t3.mul(-(a + 2)).add(t2.mul(2 * a + 3)).sub(t.mul(a));
        NDArray w3 = t3.mul(-a).add(t2.mul(a));
        return NDArrays.concat(new NDList(w0, w1, w2, w3), axis);
    }

    /** Values of {@code flat} (N, C, H*W) at integer coordinates (N, 1, H, W), as (N, C, H, W). */
    private static NDArray sample(NDArray flat, NDArray xs, NDArray ys, long w, long c) {
        Shape s = xs.getShape();
        NDArray index = ys.mul((float) w).add(xs).toType(DataType.INT64, false).reshape(s.get(0), 1, s.get(2) * s.get(3));
        NDArray expanded = index.repeat(1, c);
        return flat.gather(expanded, 2).reshape(s.get(0), c, s.get(2), s.get(3));
    }
}
