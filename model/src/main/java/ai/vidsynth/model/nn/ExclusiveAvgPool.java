package ai.vidsynth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.pooling.Pool;

/**
 * 3x3 average pooling, stride 2, padding 1, with {@code count_include_pad=False}: the halving used for
 * pix2pixHD's image pyramid and the local enhancer's input. DJL ignores the flag, so border averages are
 * divided by the pooled count of real pixels (pooling a tensor of ones).
 */
public final class ExclusiveAvgPool {

    private static final Shape KERNEL = new Shape(3, 3);
    private static final Shape STRIDE = new Shape(2, 2);
    private static final Shape PAD = new Shape(1, 1);

    private ExclusiveAvgPool() {}

    public static Block block() {
        return new LambdaBlock(list -> new NDList(halve(list.singletonOrThrow())), "exclusiveAvgPool");
    }

    public static NDArray halve(NDArray x) {
        Shape s = x.getShape();
        NDArray ones = x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3)), x.getDataType());
        NDArray sum = Pool.avgPool2d(x, KERNEL, STRIDE, PAD, false, true);
        NDArray count = Pool.avgPool2d(ones, KERNEL, STRIDE, PAD, false, true);
        return sum.div(count);
    }
}
