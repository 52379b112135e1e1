package ai.vidsynth.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainers' Adam: DJL's update to the bit, and a state that survives a checkpoint. */
class AdamTest {

    private static Parameter parameter(NDManager m, String name, float[] values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray w = m.create(values);
        w.setRequiresGradient(true);
        p.setArray(w);
        return p;
    }

    /** A gradient that changes from step to step: d/dw of sum(sin(k w) * w). */
    private static void backward(Parameter p, int k) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            AdamSteps.zeroGradients(List.of(p));
            NDArray w = p.getArray();
            gc.backward(w.mul(k).sin().mul(w).sum());
        }
    }

    private static float[] start() {
        float[] v = new float[257];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i * 0.37) * 0.5f;
        }
        return v;
    }

    @Test
    void updatesEqualDjlsAdam() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter ours = parameter(m, "ours", start());
            Parameter theirs = parameter(m, "theirs", start());
            Adam adam = new Adam(List.of(ours), Tracker.fixed(2e-3f), 0.5f);
            Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(2e-3f)).optBeta1(0.5f).build();
            for (int step = 1; step <= 6; step++) {
                backward(ours, step);
                backward(theirs, step);
                adam.update();
                try (NDArray grad = theirs.getArray().getGradient()) {
                    djl.update("theirs", theirs.getArray(), grad);
                }
                assertArrayEquals(theirs.getArray().toFloatArray(), ours.getArray().toFloatArray(), "after update " + step);
            }
            assertFalse(Arrays.equals(start(), ours.getArray().toFloatArray()), "the weights moved");
        }
    }

    @Test
    void aRestoredStateContinuesExactlyAsAnUninterruptedOne() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter straight = parameter(m, "straight", start());
            Adam uninterrupted = new Adam(List.of(straight), Tracker.fixed(2e-3f), 0.5f);
            Parameter resumed = parameter(m, "resumed", start());
            Adam first = new Adam(List.of(resumed), Tracker.fixed(2e-3f), 0.5f);
            for (int step = 1; step <= 3; step++) {
                backward(straight, step);
                uninterrupted.update();
                backward(resumed, step);
                first.update();
            }
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            first.save(saved);
            // a new process: the weights from the checkpoint, a new optimizer, its state restored
            Parameter reloaded = parameter(m, "reloaded", resumed.getArray().toFloatArray());
            Adam second = new Adam(List.of(reloaded), Tracker.fixed(2e-3f), 0.5f);
            second.load(new ByteArrayInputStream(saved.toByteArray()));
            assertEquals(3, second.updates());
            Parameter restarted = parameter(m, "restarted", resumed.getArray().toFloatArray());
            Adam fresh = new Adam(List.of(restarted), Tracker.fixed(2e-3f), 0.5f);
            for (int step = 4; step <= 6; step++) {
                backward(straight, step);
                uninterrupted.update();
                backward(reloaded, step);
                second.update();
                backward(restarted, step);
                fresh.update();
            }
            assertArrayEquals(straight.getArray().toFloatArray(), reloaded.getArray().toFloatArray());
            assertFalse(Arrays.equals(straight.getArray().toFloatArray(), restarted.getArray().toFloatArray()),
                    "without its state the optimizer takes other steps (what a resume did before)");
        }
    }
}
