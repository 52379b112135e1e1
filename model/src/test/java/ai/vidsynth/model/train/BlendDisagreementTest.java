package ai.vidsynth.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.vidsynth.model.vid2vid.Composition;
import ai.vidsynth.model.vid2vid.SequentialGenerator;
import org.junit.jupiter.api.Test;

/** The blend loss counts the painted and carried frames' disagreement only where the mask mixes them. */
class BlendDisagreementTest {

    private static float loss(NDManager m, float mask, NDArray foregroundMask) {
        Shape image = new Shape(1, 3, 2, 4);
        NDArray painted = m.full(image, 0.5f);
        NDArray carried = m.full(image, -0.3f);
        SequentialGenerator.Outputs out = new SequentialGenerator.Outputs(painted, painted, null, m.full(new Shape(1, 1, 2, 4), mask));
        return Vid2VidTrainer.blendDisagreement(new Vid2VidTrainer.Generated(out, new Composition.Result(carried, carried), foregroundMask))
                .getFloat();
    }

    @Test
    void zeroWhereTheMaskChoosesAndGreatestWhereItMixesEvenly() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(0f, loss(m, 0f, null), 1e-6f, "carried");
            assertEquals(0f, loss(m, 1f, null), 1e-6f, "painted");
            assertEquals(0.25f * 0.8f, loss(m, 0.5f, null), 1e-6f, "m (1 - m) |h - w|");
            assertEquals(0.16f * 0.8f, loss(m, 0.2f, null), 1e-6f);
        }
    }

    @Test
    void theForegroundIsLeftOut() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray half = m.create(new float[] {1, 1, 0, 0, 1, 1, 0, 0}, new Shape(1, 1, 2, 4));
            assertEquals(0.5f * 0.25f * 0.8f, loss(m, 0.5f, half), 1e-6f, "half of the pixels are foreground");
        }
    }
}
