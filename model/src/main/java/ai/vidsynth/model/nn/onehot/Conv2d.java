package ai.vidsynth.model.nn.onehot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolution over one-hot label maps that, at inference, leaves out the input channels that are zero everywhere
 * (the classes absent from the frame) together with their kernel slices. Exact: an all-zero channel adds exactly
 * nothing, so the result equals the dense convolution up to the order of float additions. Pays where the input is
 * mostly empty channels: the full vid2vid's first convolution reads three frames of 35 one-hot classes (half of its
 * FLOPs), of which a street scene shows about half.
 * <p>Named {@code Conv2d} on purpose: DJL names a block's parameters after its class's simple name, and the shipped
 * weight files were saved (and are checked on load) under {@code ..Conv2d_weight}. Training takes the dense path:
 * the dropped channels' gradients are zero either way. Both paths pad their input to whole 16-channel blocks
 * ({@link ai.vidsynth.model.nn.padded.Conv2d}); the fast one with absent classes, which are zero already.
 */
public class Conv2d extends ai.vidsynth.model.nn.padded.Conv2d {

    protected Conv2d(ai.djl.nn.convolutional.Conv2d.Builder builder) {
        super(builder);
    }

    /** A {@code kernel x kernel} convolution with the given stride and padding. */
    public static Conv2d of(int filters, int kernel, int stride, int padding) {
        return new Conv2d(builder(filters, kernel, stride, padding));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training || groups != 1 || ai.vidsynth.model.nn.DensePath.on()) {
            return super.forwardInternal(store, inputs, training, params);
        }
        NDArray x = inputs.singletonOrThrow();
        // a channel is present where it has a nonzero value: max > 0 or min < 0, by reductions (abs() would write a
        // copy of the whole input first: 3.4 ms of the full vid2vid's 104 ms a frame, measured by bench --profile)
        NDArray max = x.max(new int[] {3}).max(new int[] {2}).max(new int[] {0});
        NDArray min = x.min(new int[] {3}).min(new int[] {2}).min(new int[] {0});
        NDArray presence = max.gt(0).logicalOr(min.lt(0));
        NDArray present = presence.nonzero().squeeze(1);
        long channels = x.getShape().get(1);
        long used = present.getShape().get(0);
        // whole channel blocks (padded.Conv2d says why): absent channels, zero everywhere, fill the last block
        long kept = paddedChannels(used);
        // all present or nearly: nothing worth leaving out; none present (an all-zero input): the result is the bias
        // alone, which the dense path gives without an empty convolution
        if (kept >= channels || used == 0) {
            return super.forwardInternal(store, inputs, false, params);
        }
        if (kept > used) {
            NDArray absent = presence.logicalNot().nonzero().squeeze(1).get("0:" + (kept - used));
            present = ai.djl.ndarray.NDArrays.concat(new NDList(present, absent), 0);
        }
        NDArray w = store.getValue(weight, x.getDevice(), false);
        NDArray b = includeBias ? store.getValue(bias, x.getDevice(), false) : null;
        // views of the weights in the frame's manager: an op's result joins its first operand's manager
        NDArray kernel = w.get(x.getManager(), new NDIndex("...")).get(new NDIndex(":, {}", present));
        NDArray input = x.get(new NDIndex(":, {}", present));
        return conv2d(input, kernel, b == null ? null : b.get(x.getManager(), new NDIndex("...")),
                stride, padding, dilation, 1);
    }
}
