package ai.vidsynth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Transposed 3x3 convolution with stride 2, padding 1, output padding 1: doubles H and W, as in pix2pixHD's
 * upsampling layers. DJL 0.36's PyTorch engine throws "Not implemented" for its Conv2dTranspose, so this
 * block computes the same function by its polyphase decomposition: each of the four output phases
 * (even/odd row x even/odd column) is an ordinary convolution of the input with a 1x1, 1x2, 2x1 or 2x2
 * slice of the 3x3 kernel. That costs the same multiply-adds as a native transposed convolution, a quarter
 * of the zero-insertion trick. Weight layout (out, in, 3, 3); output row {@code 2i - 1 + k} receives kernel
 * row {@code k} applied to input row {@code i}.
 */
public class ConvTranspose2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final Parameter weight;
    private final Parameter bias;

    public ConvTranspose2d(int filters) {
        super(VERSION);
        this.filters = filters;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(filters, inputShapes[0].get(1), 3, 3));
        bias.setShape(new Shape(filters));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), filters, s.get(2) * 2, s.get(3) * 2)};
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = store.getValue(bias, x.getDevice(), training);
        return new NDList(upsample(x, w, b));
    }

    /** The transposed convolution itself, for a weight of shape (out, in, 3, 3). */
    public static NDArray upsample(NDArray x, NDArray weight, NDArray bias) {
        // An op's result joins its first operand's manager. Sliced straight from the parameters, the kernel's
        // slices joined the model's long-lived manager and stayed there: measured 78 arrays (about 4.8 MB)
        // a frame of vid2vid that no frame scope ever freed. Views in the input's manager end with the frame.
        NDManager frame = x.getManager();
        NDArray w = weight.get(frame, new NDIndex("..."));
        NDArray b = bias.get(frame, new NDIndex("..."));
        Shape s = x.getShape();
        long n = s.get(0);
        long h = s.get(2);
        long wd = s.get(3);
        // one extra zero row and column below/right: the odd phases read input i+1, zero past the edge
        NDArray padded = x.pad(new Shape(0, 1, 0, 1), 0);
        NDArray evenTap = w.get(new NDIndex("..., 1:2"));
        NDArray oddTaps = NDArrays.concat(new NDList(w.get(new NDIndex("..., 2:3")), w.get(new NDIndex("..., 0:1"))), 3);
        NDArray evenEven = conv(x, evenTap.get(new NDIndex(":, :, 1:2, :")));
        NDArray evenOdd = conv(padded.get(new NDIndex(":, :, 0:" + h + ", :")), oddTaps.get(new NDIndex(":, :, 1:2, :")));
        NDArray oddRows = NDArrays.concat(new NDList(evenTap.get(new NDIndex(":, :, 2:3, :")), evenTap.get(new NDIndex(":, :, 0:1, :"))), 2);
        NDArray oddOddKernel = NDArrays.concat(new NDList(oddTaps.get(new NDIndex(":, :, 2:3, :")), oddTaps.get(new NDIndex(":, :, 0:1, :"))), 2);
        NDArray oddEven = conv(padded.get(new NDIndex(":, :, :, 0:" + wd)), oddRows);
        NDArray oddOdd = conv(padded, oddOddKernel);
        long c = w.getShape().get(0);
        NDArray evenRow = NDArrays.stack(new NDList(evenEven, evenOdd), 4).reshape(n, c, h, 2 * wd);
        NDArray oddRow = NDArrays.stack(new NDList(oddEven, oddOdd), 4).reshape(n, c, h, 2 * wd);
        NDArray out = NDArrays.stack(new NDList(evenRow, oddRow), 3).reshape(n, c, 2 * h, 2 * wd);
        return out.add(b.reshape(1, c, 1, 1));
    }

    /** Padded to whole channel blocks on both sides (nn.padded.Conv2d: oneDNN's padded lanes hold stale memory). */
    private static NDArray conv(NDArray x, NDArray kernel) {
        Shape one = new Shape(1, 1);
        return ai.vidsynth.model.nn.padded.Conv2d.conv2d(x, kernel, null, one, new Shape(0, 0), one, 1, true).singletonOrThrow();
    }
}
