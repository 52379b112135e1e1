package ai.vidsynth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Backward warping of an image by a flow field, bilinear, with border padding: output pixel (x, y) samples
 * the input at (x + u, y + v), coordinates clamped to the image (PyTorch's {@code grid_sample(...,
 * padding_mode='border', align_corners=True)} on pixel-unit flow, which vid2vid uses). DJL has no
 * grid_sample, so the four neighbours are fetched with {@code gather} on the flattened image; the
 * interpolation weights carry the gradient to the flow.
 */
public final class Warp {

    private Warp() {}

    /**
     * @param image (N, C, H, W)
     * @param flow  (N, 2, H, W): channel 0 = horizontal displacement u, 1 = vertical v, in pixels
     */
    public static NDArray apply(NDArray image, NDArray flow) {
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
        NDArray x1 = x0.add(1f).clip(0f, w - 1f);
        NDArray y1 = y0.add(1f).clip(0f, h - 1f);
        NDArray wx = x.sub(x0);
        NDArray wy = y.sub(y0);
        NDArray flat = image.reshape(n, c, h * w);
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

    /** Values of {@code flat} (N, C, H*W) at integer coordinates (N, 1, H, W), as (N, C, H, W). */
    private static NDArray sample(NDArray flat, NDArray xs, NDArray ys, long w, long c) {
        Shape s = xs.getShape();
        NDArray index = ys.mul((float) w).add(xs).toType(DataType.INT64, false).reshape(s.get(0), 1, s.get(2) * s.get(3));
        NDArray expanded = index.repeat(1, c);
        return flat.gather(expanded, 2).reshape(s.get(0), c, s.get(2), s.get(3));
    }
}
