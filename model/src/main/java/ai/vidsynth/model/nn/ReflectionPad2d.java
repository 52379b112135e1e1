package ai.vidsynth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Reflection padding of the last two axes, as PyTorch's {@code ReflectionPad2d}. Hand-built because DJL's
 * {@code NDArray.pad} only pads with a constant and DJL reaches no reflection-pad op of libtorch. Training builds it
 * from slices, {@code flip} and {@code concat} so that autograd handles the gradient (measured correct in
 * DJL-NOTES); inference pads with zeros in one pass and writes the reflected strips into the border in place
 * ({@link #applyInPlace}): the same values, with one full copy instead of two (measured by {@code bench --profile}
 * on the real-time model: the concatenations were a fifth of its op time).
 */
public final class ReflectionPad2d extends AbstractBlock {

    private final int pad;

    private ReflectionPad2d(int pad) {
        this.pad = pad;
    }

    public static Block block(int pad) {
        return new ReflectionPad2d(pad);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(training || DensePath.on() ? apply(x, pad) : applyInPlace(x, pad));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), s.get(2) + 2L * pad, s.get(3) + 2L * pad)};
    }

    /** Differentiable: slices, flips and concatenations. */
    public static NDArray apply(NDArray x, int pad) {
        return padAxis(padAxis(x, pad, 3), pad, 2);
    }

    private static NDArray padAxis(NDArray x, int pad, int axis) {
        long size = x.getShape().get(axis);
        check(pad, size);
        // "..., a:b" slices the width axis, "..., a:b, :" the height axis
        String suffix = axis == 3 ? "" : ", :";
        NDArray head = x.get(new NDIndex("..., 1:" + (pad + 1) + suffix)).flip(axis);
        NDArray tail = x.get(new NDIndex("..., " + (size - 1 - pad) + ":" + (size - 1) + suffix)).flip(axis);
        return NDArrays.concat(new NDList(head, x, tail), axis);
    }

    /**
     * For inference only (it writes into its result): zero padding, then the left and right strips from the input's
     * columns, then the top and bottom strips from the padded rows (which carries the corners along).
     */
    public static NDArray applyInPlace(NDArray x, int pad) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        check(pad, h);
        check(pad, w);
        NDArray out = x.pad(new Shape(pad, pad, pad, pad), 0);
        String rows = pad + ":" + (pad + h);
        out.set(new NDIndex("..., " + rows + ", 0:" + pad), x.get(new NDIndex("..., 1:" + (pad + 1))).flip(3));
        out.set(new NDIndex("..., " + rows + ", " + (w + pad) + ":"), x.get(new NDIndex("..., " + (w - 1 - pad) + ":" + (w - 1))).flip(3));
        // padded row k (k < pad) is input row pad - k, i.e. padded row 2 pad - k; padded row h + pad + k is padded row h + pad - 2 - k
        out.set(new NDIndex("..., 0:" + pad + ", :"), out.get(new NDIndex("..., " + (pad + 1) + ":" + (2 * pad + 1) + ", :")).flip(2));
        out.set(new NDIndex("..., " + (h + pad) + ":, :"), out.get(new NDIndex("..., " + (h - 1) + ":" + (h + pad - 1) + ", :")).flip(2));
        return out;
    }

    private static void check(int pad, long size) {
        if (pad >= size) {
            throw new IllegalArgumentException("reflection pad " + pad + " needs more than " + size + " pixels");
        }
    }
}
