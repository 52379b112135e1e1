package ai.vidsynth.model.nn.padded;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution whose input channels are padded with zeros to a whole number of oneDNN's 16-channel blocks
 * before libtorch sees them. Exact: a zero channel under a zero kernel slice adds exactly nothing.
 *
 * <p>Why (measured 2026-12-06, libtorch 2.7.1 in DJL 0.36, AVX-512 CPU): libtorch's CPU convolution runs through
 * oneDNN, which reorders an input of C channels into blocks of 16 ({@code aBcd16b}), the last block padded. The
 * padded lanes are not cleared: they hold whatever the allocator's block held before. A stale NaN or infinity there (a
 * freed image's 0xFFFFFFFF bytes read as a float are a NaN) gives NaN in every output channel of that block, and
 * stale finite values can give plain wrong ones (a 35-channel convolution came out 3-4 off the padded one in a test:
 * OneHotConv2dTest). A 7x7 convolution of 28 or 108 channels after NaN-filled buffers were freed gave NaN in 40 of 40
 * runs; 24 channels in 8 of 40; 16, 32 and 48 in none ({@code ChannelPaddingTest}). In the service this made whole
 * vid2vid frames NaN (the flow's NaN then failed the warp's gather), nondeterministically: about 5% of frames once
 * large blocks were reused from the heap instead of fresh zeroed pages ({@link ai.vidsynth.model.memory.AllocatorPolicy});
 * with fresh pages the lanes happened to be zero. At inference, inputs of at most 16 channels were never affected
 * and pass as they are. Training's backward pass to the input reduces over the output channels, and on this machine
 * a pix2pixHD step moved no generator parameter and vid2vid steps met NaN flows in the tests, with the project's code
 * of before this class as well (the earlier machines of this kind had AVX2 only, where none of it showed): training
 * pads every channel count, input and output, to whole blocks.
 * <p>Named {@code Conv2d} on purpose: DJL names a block's parameters after its class's simple name, and the shipped
 * weight files were saved (and are checked on load) under {@code ..Conv2d_weight}.
 */
public class Conv2d extends ai.djl.nn.convolutional.Conv2d {

    /** oneDNN's channel block on AVX-512 (16 floats); a multiple of AVX2's 8. */
    public static final int CHANNEL_BLOCK = 16;

    protected Conv2d(ai.djl.nn.convolutional.Conv2d.Builder builder) {
        super(builder);
    }

    /** A {@code kernel x kernel} convolution with the given stride and padding. */
    public static Conv2d of(int filters, int kernel, int stride, int padding) {
        return new Conv2d(builder(filters, kernel, stride, padding));
    }

    protected static ai.djl.nn.convolutional.Conv2d.Builder builder(int filters, int kernel, int stride, int padding) {
        return ai.djl.nn.convolutional.Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = includeBias ? store.getValue(bias, x.getDevice(), training) : null;
        return conv2d(x, w, b, stride, padding, dilation, groups, training);
    }

    /** The channel count oneDNN will not pad: {@code channels} itself up to one block or when whole, else rounded up. */
    public static long paddedChannels(long channels) {
        return channels <= CHANNEL_BLOCK ? channels : wholeBlocks(channels);
    }

    /** {@code channels} rounded up to whole blocks (itself when already whole). */
    private static long wholeBlocks(long channels) {
        return (channels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
    }

    /** {@link #conv2d(NDArray, NDArray, NDArray, Shape, Shape, Shape, int, boolean)} for inference. */
    public static NDList conv2d(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation, int groups) {
        return conv2d(x, w, b, stride, padding, dilation, groups, false);
    }

    /**
     * DJL's {@code Conv2d.conv2d} with the input's channels (and the kernel's) padded with zeros to
     * {@link #paddedChannels}; for training also the output channels (zero kernel rows and bias, cut off after):
     * the backward pass to the input reduces over them, and gradients coming back through the cut are exact zeros.
     * Differentiable; the padded arrays live in the input's manager, never the weights'.
     */
    public static NDList conv2d(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation, int groups,
            boolean padOutputs) {
        long channels = x.getShape().get(1);
        long outputs = w.getShape().get(0);
        // training pads small channel counts too: its backward passes were not measured apart, and a pix2pixHD or
        // vid2vid step with only the large ones padded still lost an update now and then in the test JVM
        long padded = padOutputs ? wholeBlocks(channels) : paddedChannels(channels);
        long paddedOutputs = padOutputs ? wholeBlocks(outputs) : outputs;
        if (groups != 1 || (padded == channels && paddedOutputs == outputs)) {
            return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, stride, padding, dilation, groups);
        }
        NDManager m = x.getManager();
        Shape xs = x.getShape();
        Shape ws = w.getShape();
        NDArray input = x;
        // a view of the weights in the frame's manager first: an op's result joins its first operand's manager
        NDArray kernel = w.get(m, new NDIndex("..."));
        NDArray shift = b == null ? null : b.get(m, new NDIndex("..."));
        if (padded > channels) {
            long extra = padded - channels;
            input = NDArrays.concat(new NDList(x, m.zeros(new Shape(xs.get(0), extra, xs.get(2), xs.get(3)), x.getDataType())), 1);
            kernel = NDArrays.concat(new NDList(kernel, m.zeros(new Shape(ws.get(0), extra, ws.get(2), ws.get(3)), w.getDataType())), 1);
        }
        if (paddedOutputs > outputs) {
            long extra = paddedOutputs - outputs;
            kernel = NDArrays.concat(new NDList(kernel, m.zeros(new Shape(extra, padded, ws.get(2), ws.get(3)), w.getDataType())), 0);
            if (shift != null) {
                shift = NDArrays.concat(new NDList(shift, m.zeros(new Shape(extra), b.getDataType())), 0);
            }
        }
        NDArray out = ai.djl.nn.convolutional.Conv2d.conv2d(input, kernel, shift, stride, padding, dilation, 1).singletonOrThrow();
        return new NDList(paddedOutputs > outputs ? out.get(new NDIndex(":, 0:" + outputs)) : out);
    }
}
