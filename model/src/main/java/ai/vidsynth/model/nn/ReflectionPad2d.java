package ai.vidsynth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * Reflection padding of the last two axes, as PyTorch's {@code ReflectionPad2d}. Hand-built because DJL's
 * {@code NDArray.pad} only pads with a constant; built from slices, {@code flip} and {@code concat} so that
 * autograd handles the gradient (measured correct in DJL-NOTES).
 */
public final class ReflectionPad2d {

    private ReflectionPad2d() {}

    public static Block block(int pad) {
        return new LambdaBlock(list -> new NDList(apply(list.singletonOrThrow(), pad)), "reflectionPad" + pad);
    }

    public static NDArray apply(NDArray x, int pad) {
        return padAxis(padAxis(x, pad, 3), pad, 2);
    }

    private static NDArray padAxis(NDArray x, int pad, int axis) {
        long size = x.getShape().get(axis);
        if (pad >= size) {
            throw new IllegalArgumentException("reflection pad " + pad + " needs more than " + size + " pixels");
        }
        // "..., a:b" slices the width axis, "..., a:b, :" the height axis
        String suffix = axis == 3 ? "" : ", :";
        NDArray head = x.get(new NDIndex("..., 1:" + (pad + 1) + suffix)).flip(axis);
        NDArray tail = x.get(new NDIndex("..., " + (size - 1 - pad) + ":" + (size - 1) + suffix)).flip(axis);
        return NDArrays.concat(new NDList(head, x, tail), axis);
    }
}
