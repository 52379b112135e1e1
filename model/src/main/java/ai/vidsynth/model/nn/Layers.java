package ai.vidsynth.model.nn;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;

/**
 * The layer patterns the papers' networks are written in, as small factories of DJL blocks, so each network
 * class reads like the paper's table: {@code pad, conv 7x7, norm, ReLU}, {@code down}, {@code res}, {@code up}.
 */
public final class Layers {

    private Layers() {}

    /** A convolution whose input channels are padded to oneDNN's channel blocks ({@link ai.vidsynth.model.nn.padded.Conv2d}). */
    public static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return ai.vidsynth.model.nn.padded.Conv2d.of(filters, kernel, stride, padding);
    }

    /** Reflection pad 3, 7x7 conv, instance norm, ReLU: the first layer of pix2pixHD's generators. */
    public static SequentialBlock front7x7(int filters) {
        return new SequentialBlock()
                .add(ReflectionPad2d.block(3))
                .add(conv(filters, 7, 1, 0))
                .add(InstanceNorm2d.block())
                .add(Activation.reluBlock());
    }

    /**
     * {@link #front7x7} for one-hot label maps: the same layers and parameters, with a convolution that leaves out the
     * classes absent from the frame at inference ({@link ai.vidsynth.model.nn.onehot.Conv2d}; exact).
     */
    public static SequentialBlock labelFront7x7(int filters) {
        return new SequentialBlock()
                .add(ReflectionPad2d.block(3))
                .add(ai.vidsynth.model.nn.onehot.Conv2d.of(filters, 7, 1, 0))
                .add(InstanceNorm2d.block())
                .add(Activation.reluBlock());
    }

    /** Stride-2 3x3 conv, instance norm, ReLU: halves H and W. */
    public static SequentialBlock down(int filters) {
        return new SequentialBlock()
                .add(conv(filters, 3, 2, 1))
                .add(InstanceNorm2d.block())
                .add(Activation.reluBlock());
    }

    /** How a generator doubles its resolution. */
    public enum Upsampling {
        /** pix2pixHD's: a stride-2 transposed convolution. */
        TRANSPOSED,
        /**
         * Nearest-neighbour upsampling, then a 3x3 convolution (Odena et al., "Deconvolution and checkerboard
         * artifacts", 2016): every output pixel sees all 9 taps, so no phase of the 2x2 lattice has a gain of its
         * own. Four times the transposed convolution's multiply-adds.
         */
        RESIZE
    }

    /** Transposed 3x3 conv (stride 2, padding 1, output padding 1), instance norm, ReLU: doubles H and W. */
    public static SequentialBlock up(int filters) {
        return up(filters, Upsampling.TRANSPOSED);
    }

    /** Doubles H and W as {@code how} says, then instance norm and ReLU. */
    public static SequentialBlock up(int filters, Upsampling how) {
        SequentialBlock b = new SequentialBlock();
        if (how == Upsampling.RESIZE) {
            b.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().repeat(2, 2).repeat(3, 2)), "nearest2x")).add(conv(filters, 3, 1, 1));
        } else {
            b.add(new ConvTranspose2d(filters));
        }
        return b.add(InstanceNorm2d.block()).add(Activation.reluBlock());
    }

    /** Reflection pad 3, 7x7 conv to RGB, tanh: the last layer of every image generator. */
    public static SequentialBlock toRgb() {
        return new SequentialBlock()
                .add(ReflectionPad2d.block(3))
                .add(conv(3, 7, 1, 0))
                .add(Activation.tanhBlock());
    }

    /** pix2pixHD's residual block: x + (pad, 3x3 conv, norm, ReLU, pad, 3x3 conv, norm)(x). */
    public static Block residual(int channels) {
        SequentialBlock branch = new SequentialBlock()
                .add(ReflectionPad2d.block(1))
                .add(conv(channels, 3, 1, 0))
                .add(InstanceNorm2d.block())
                .add(Activation.reluBlock())
                .add(ReflectionPad2d.block(1))
                .add(conv(channels, 3, 1, 0))
                .add(InstanceNorm2d.block());
        return new ParallelBlock(
                outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                List.of(branch, Blocks.identityBlock()));
    }
}
