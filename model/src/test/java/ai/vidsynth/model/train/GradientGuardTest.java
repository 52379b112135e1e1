package ai.vidsynth.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientGuardTest {

    @Test
    void ordinaryGradientsAreAppliedSpikesAndNonFiniteOnesAreNot() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = weight(m);
            Adam adam = new Adam(List.of(w), Tracker.fixed(1e-2f), 0.9f);
            GradientGuard guard = new GradientGuard(50, 20);
            for (int i = 0; i < 12; i++) {
                assertEquals(GradientGuard.Outcome.APPLIED, step(w, adam, guard, 1f + 0.1f * (i % 3)), "ordinary step " + i);
            }
            float[] before = w.getArray().toFloatArray();
            assertEquals(GradientGuard.Outcome.SPIKE, step(w, adam, guard, 1e4f));
            assertArrayEquals(before, w.getArray().toFloatArray(), "a spike leaves the weights alone");
            assertEquals(GradientGuard.Outcome.NON_FINITE, step(w, adam, guard, Float.NaN));
            assertArrayEquals(before, w.getArray().toFloatArray());
            assertEquals(GradientGuard.Outcome.APPLIED, step(w, adam, guard, 1f));
            assertFalse(Arrays.equals(before, w.getArray().toFloatArray()), "and training goes on");
        }
    }

    /** A finite gradient whose squares overflow float32 (1e20^2) is a spike, not a non-finite gradient. */
    @Test
    void hugeFiniteGradientsAreSpikesNotNonFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = weight(m);
            Adam adam = new Adam(List.of(w), Tracker.fixed(1e-2f), 0.9f);
            GradientGuard guard = new GradientGuard(50, 20);
            for (int i = 0; i < 10; i++) {
                step(w, adam, guard, 1f);
            }
            assertEquals(GradientGuard.Outcome.SPIKE, step(w, adam, guard, 1e20f));
        }
    }

    /** Three weights of 1, trainable. */
    static Parameter weight(NDManager m) {
        Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(3))
                .optInitializer(new ConstantInitializer(1f)).build();
        w.initialize(m, DataType.FLOAT32);
        w.getArray().setRequiresGradient(true);
        return w;
    }

    /** Gradient of sum(k * w) is k everywhere. */
    static GradientGuard.Outcome step(Parameter w, Adam adam, GradientGuard guard, float k) {
        AdamSteps.zeroGradients(List.of(w));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.getArray().mul(k).sum());
        }
        return guard.apply(adam);
    }
}
