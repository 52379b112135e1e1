package ai.vidsynth.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Gradient housekeeping between backward passes. The trainers drive their optimizers ({@link Adam}) directly
 * rather than through DJL's {@code Trainer}, because a GAN step updates two networks from two losses.
 */
final class AdamSteps {

    private AdamSteps() {}

    /**
     * Sets the gradients of {@code params} to zero in place. DJL's {@code GradientCollector.zeroGradients()}
     * is not used: it walks every array of every manager (the step's activations too) and clears by
     * {@code g - g}, which leaves a NaN or Inf gradient in place for good.
     */
    static void zeroGradients(List<Parameter> params) {
        for (Parameter p : params) {
            NDArray w = p.getArray();
            if (w.hasGradient()) {
                // the zero is made and closed here: set(index, 0f) would create its scalar in the gradient's
                // manager, the networks' own, and leave it there (measured: one array per parameter per call)
                try (NDArray grad = w.getGradient(); NDArray zero = grad.getManager().create(0f)) {
                    grad.set(new NDIndex("..."), zero);
                }
            }
        }
    }
}
