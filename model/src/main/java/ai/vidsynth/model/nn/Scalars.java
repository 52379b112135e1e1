package ai.vidsynth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplying by a constant where gradients flow. DJL's {@code NDArray.mul(Number)} makes the constant a tensor with
 * {@code torch::from_blob} over a Java direct buffer and closes it right after the op; autograd has saved that
 * tensor for the backward pass, and once the garbage collector frees the buffer the backward pass reads freed
 * memory. Measured with a probe (x.mul(20f), a GC and new direct buffers before backward): 20 of 20 gradients
 * were 1e30 instead of 20. That was the vid2vid trainer's old mystery: about one update in ten with gradients of
 * 1e16 to 1e30 or NaN, different from run to run with the same seed (it depends on when the GC runs), and once a
 * SIGSEGV in {@code torchBackward} (the freed page was unmapped). Here the constant is made by libtorch
 * ({@code torch::full}), which owns its memory, so autograd's reference keeps it alive.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code x * value}, safe to backpropagate through. */
    public static NDArray times(NDArray x, float value) {
        try (NDArray c = x.getManager().full(new Shape(), value, x.getDataType())) {
            return x.mul(c);
        }
    }
}
