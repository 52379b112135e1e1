package ai.vidsynth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.util.Pair;
import java.util.Arrays;

/**
 * Floating-point operations of a network's convolutions for one input shape (a multiply-add counts two), walked
 * from the blocks themselves so the count follows the architecture. Convolutions are where the time goes
 * (normalization, activations, padding and warps are not counted); a transposed convolution counts what a native
 * one computes (each input pixel times the kernel), not the four sub-convolutions this project runs it as.
 * Together with {@link #measureConvGflops} it tells how close a model runs to what this machine's convolutions
 * can do.
 */
public final class Flops {

    /** A block that is not a plain chain of layers says how its children are wired. */
    public interface Counted {
        long flops(Shape... inputs);
    }

    private Flops() {}

    /** The convolutions' FLOPs of {@code block} on an input of {@code in} (the block must be initialized). */
    public static long of(Block block, Shape in) {
        if (block instanceof Counted c) {
            return c.flops(in);
        }
        if (block instanceof Conv2d conv) {
            Shape out = conv.getOutputShapes(new Shape[] {in})[0];
            Shape w = weight(conv);
            // out: (N, Cout, H, W); weight: (Cout, Cin / groups, kh, kw)
            return 2L * out.size() * w.get(1) * w.get(2) * w.get(3);
        }
        if (block instanceof ConvTranspose2d t) {
            Shape w = weight(t);
            return 2L * in.size() * w.get(0) * w.get(2) * w.get(3);
        }
        if (block instanceof SequentialBlock s) {
            long sum = 0;
            Shape shape = in;
            for (Pair<String, Block> child : s.getChildren()) {
                sum += of(child.getValue(), shape);
                shape = child.getValue().getOutputShapes(new Shape[] {shape})[0];
            }
            return sum;
        }
        if (block instanceof ParallelBlock p) {
            long sum = 0;
            for (Pair<String, Block> child : p.getChildren()) {
                sum += of(child.getValue(), in);
            }
            return sum;
        }
        return 0;
    }

    private static Shape weight(Block b) {
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (p.getKey().endsWith("weight")) {
                return p.getValue().getArray().getShape();
            }
        }
        throw new IllegalArgumentException("no weight in " + b);
    }

    /**
     * This machine's rate on one large convolution (3x3, 128 to 128 channels at 64x128, batch 1, FP32), median
     * of {@code runs} after warm-up, in GFLOP/s: the ceiling a generator's convolutions can reach here.
     */
    public static double measureConvGflops(NDManager parent, int runs) {
        try (NDManager m = parent.newSubManager()) {
            NDArray x = m.randomNormal(new Shape(1, 128, 64, 128));
            NDArray w = m.randomNormal(0f, 0.05f, new Shape(128, 128, 3, 3), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray b = m.zeros(new Shape(128));
            double flop = 2.0 * 128 * 64 * 128 * 128 * 9;
            double[] s = new double[runs];
            for (int i = -3; i < runs; i++) {
                long t0 = System.nanoTime();
                // PyTorch's CPU ops are synchronous: the result is computed when the call returns
                NDArray y = Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                if (i >= 0) {
                    s[i] = (System.nanoTime() - t0) / 1e9;
                }
                y.close();
            }
            Arrays.sort(s);
            return flop / s[runs / 2] / 1e9;
        }
    }
}
