package ai.vidsynth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Doubling and halving (N, C, H, W) maps between the scales of a coarse-to-fine generator. Written here because
 * DJL's {@code NDImageUtils.resize} works on (H, W, C) images and goes through an interpolation the autograd of
 * these networks has not been checked on; these are a few slices, sums and a reshape, differentiable as they are.
 */
public final class Resample {

    private Resample() {}

    /**
     * Bilinear 2x upsampling with half-pixel centres (PyTorch's {@code interpolate(scale_factor=2, mode='bilinear',
     * align_corners=False)}): output pixel 2i is 0.75 x[i] + 0.25 x[i - 1], pixel 2i + 1 is 0.75 x[i] + 0.25 x[i + 1],
     * the border repeated.
     */
    public static NDArray upBilinear2x(NDArray x) {
        return upAlong(upAlong(x, 2), 3);
    }

    private static NDArray upAlong(NDArray x, int axis) {
        long n = x.getShape().get(axis);
        NDArray before = NDArrays.concat(new NDList(slice(x, axis, 0, 1), slice(x, axis, 0, n - 1)), axis);
        NDArray after = NDArrays.concat(new NDList(slice(x, axis, 1, n), slice(x, axis, n - 1, n)), axis);
        NDArray centre = Scalars.times(x, 0.75f);
        NDArray even = centre.add(Scalars.times(before, 0.25f));
        NDArray odd = centre.add(Scalars.times(after, 0.25f));
        Shape s = x.getShape();
        long[] doubled = s.getShape();
        doubled[axis] = 2 * n;
        return NDArrays.stack(new NDList(even, odd), axis + 1).reshape(new Shape(doubled));
    }

    /** The mean of each 2x2 block (H and W even): how the training data's frames are made smaller (box averages). */
    public static NDArray downBox2x(NDArray x) {
        Shape s = x.getShape();
        if (s.get(2) % 2 != 0 || s.get(3) % 2 != 0) {
            throw new IllegalArgumentException("halving needs even sizes, not " + s);
        }
        return ai.djl.nn.pooling.Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
    }

    private static NDArray slice(NDArray x, int axis, long from, long to) {
        return x.get(new NDIndex(axis == 2 ? ":, :, " + from + ":" + to : ":, :, :, " + from + ":" + to));
    }
}
