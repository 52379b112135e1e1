package ai.vidsynth.model.nn.padded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.ndarray.NDList;
import ai.vidsynth.model.memory.AllocatorPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * libtorch's oneDNN convolution reads the padded lanes of its last 16-channel block from whatever memory held before
 * (see {@link Conv2d}): these tests free NaN-filled blocks just before each convolution, so that the allocator hands
 * them to the convolution's buffers, and check that the padded convolution never lets them through.
 */
class ChannelPaddingTest {

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NONE = new Shape(0, 0);

    @BeforeAll
    static void reuseLargeBlocks() {
        // the service's allocator: freed blocks come back to the next allocations instead of fresh zeroed pages
        AllocatorPolicy.apply();
    }

    @Test
    void blocksAreWholeAbove16Channels() {
        assertEquals(3, Conv2d.paddedChannels(3));
        assertEquals(16, Conv2d.paddedChannels(16));
        assertEquals(32, Conv2d.paddedChannels(19));
        assertEquals(32, Conv2d.paddedChannels(24));
        assertEquals(48, Conv2d.paddedChannels(48));
        assertEquals(112, Conv2d.paddedChannels(108));
    }

    @Test
    void paddingChangesNothingButTheRounding() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 28, 20, 30));
            NDArray w = m.randomNormal(0f, 0.1f, new Shape(8, 28, 3, 3), DataType.FLOAT32);
            NDArray b = m.randomNormal(new Shape(8));
            // the reference: channels 0-15 and 16-27 apart (neither is padded by oneDNN: 16 is one whole block, 12 fits in one)
            NDArray reference = ai.djl.nn.convolutional.Conv2d.conv2d(x.get(":, 0:16"), w.get(":, 0:16"), b, ONE, ONE, ONE, 1).singletonOrThrow()
                    .add(ai.djl.nn.convolutional.Conv2d.conv2d(x.get(":, 16:"), w.get(":, 16:"), null, ONE, ONE, ONE, 1).singletonOrThrow());
            NDArray padded = Conv2d.conv2d(x, w, b, ONE, ONE, ONE, 1).singletonOrThrow();
            assertEquals(reference.getShape(), padded.getShape());
            assertTrue(reference.allClose(padded, 1e-4, 1e-4, false), "the zero channels add nothing");
        }
    }

    @Test
    void staleNaNsNeverReachThePaddedConvolution() {
        int plainNaN = 0;
        try (NDManager base = NDManager.newBaseManager()) {
            for (int i = 0; i < 12; i++) {
                try (NDManager m = base.newSubManager()) {
                    poison(m);
                    NDArray x = m.randomUniform(0f, 1f, new Shape(1, 28, 134, 262));
                    NDArray w = m.randomUniform(-0.1f, 0.1f, new Shape(32, 28, 7, 7));
                    assertFalse(hasNaN(Conv2d.conv2d(x, w, null, ONE, NONE, ONE, 1).singletonOrThrow()), "run " + i);
                    poison(m);
                    // the engine's own convolution in the same conditions, for the record: where it shows no NaN the
                    // engine (or this CPU) does not have the flaw, and the padding only costs a copy
                    plainNaN += hasNaN(ai.djl.nn.convolutional.Conv2d.conv2d(x, w, null, ONE, NONE, ONE, 1).singletonOrThrow()) ? 1 : 0;
                }
            }
        }
        System.out.println("ChannelPaddingTest: the unpadded 28-channel convolution gave NaN in " + plainNaN + " of 12 runs");
    }

    @Test
    void theOneHotConvolutionFillsItsLastBlockWithAbsentClasses() {
        try (NDManager base = NDManager.newBaseManager()) {
            ai.vidsynth.model.nn.onehot.Conv2d conv = ai.vidsynth.model.nn.onehot.Conv2d.of(32, 7, 1, 0);
            conv.initialize(base, DataType.FLOAT32, new Shape(1, 39, 134, 262));
            for (int i = 0; i < 12; i++) {
                try (NDManager m = base.newSubManager()) {
                    // 19 of 39 classes present: one class per 10-pixel column stripe
                    NDArray classes = m.arange(0, 262, 1, DataType.INT32).div(14).clip(0, 18).toType(DataType.FLOAT32, false);
                    NDArray ids = classes.reshape(1, 1, 1, 262).broadcast(new Shape(1, 1, 134, 262));
                    NDArray oneHot = ids.eq(m.arange(0, 39, 1, DataType.FLOAT32).reshape(1, 39, 1, 1)).toType(DataType.FLOAT32, false);
                    poison(m);
                    NDArray out = conv.forward(new ParameterStore(m, false), new NDList(oneHot), false).singletonOrThrow();
                    assertFalse(hasNaN(out), "run " + i);
                    if (i == 0) {
                        NDArray dense = Conv2d.conv2d(oneHot, conv.getParameters().get("weight").getArray(),
                                conv.getParameters().get("bias").getArray(), ONE, NONE, ONE, 1).singletonOrThrow();
                        assertTrue(dense.allClose(out, 1e-4, 1e-4, false), "equal to the dense convolution");
                    }
                }
            }
        }
    }

    /** Frees NaN-filled blocks of the sizes a frame's activations have, for the next allocations to reuse. */
    private static void poison(NDManager m) {
        try (NDManager p = m.newSubManager()) {
            for (int j = 0; j < 4; j++) {
                p.full(new Shape(1, 64, 134, 262), Float.NaN);
            }
        }
    }

    private static boolean hasNaN(NDArray a) {
        return a.isNaN().any().getBoolean();
    }
}
