package ai.vidsynth.model.pix2pixhd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class GanLossesTest {

    @Test
    void lsganByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // two scales, one "layer" each (the prediction)
            List<NDList> preds = List.of(new NDList(m.create(new float[] {0.5f, 1.5f})), new NDList(m.create(new float[] {0f})));
            // real target: ((0.5-1)^2 + (1.5-1)^2)/2 + (0-1)^2 = 0.25 + 1 = 1.25
            assertEquals(1.25f, GanLosses.lsgan(preds, true).getFloat(), 1e-6f);
            // fake target: (0.25 + 2.25)/2 + 0 = 1.25
            assertEquals(1.25f, GanLosses.lsgan(preds, false).getFloat(), 1e-6f);
            List<NDList> real = List.of(new NDList(m.create(new float[] {1f})));
            List<NDList> fake = List.of(new NDList(m.create(new float[] {0.4f})));
            // 0.5 * ((1-1)^2 + 0.4^2) = 0.08
            assertEquals(0.08f, GanLosses.discriminator(real, fake).getFloat(), 1e-6f);
            assertEquals(0.36f, GanLosses.generatorAdversarial(fake).getFloat(), 1e-6f);
        }
    }

    @Test
    void featureMatchingByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // numD = 2 scales, nLayers = 1 (so 3 outputs: 2 features + prediction), lambda 10
            // weights: per scale 1/2, per layer 4/(1+1) = 2 -> each L1 term counts 10 * 0.5 * 2 = 10
            List<NDList> fake = List.of(
                    new NDList(m.create(new float[] {1f, 2f}), m.create(new float[] {0f}), m.create(new float[] {9f})),
                    new NDList(m.create(new float[] {3f}), m.create(new float[] {1f}), m.create(new float[] {9f})));
            List<NDList> real = List.of(
                    new NDList(m.create(new float[] {0f, 0f}), m.create(new float[] {0.5f}), m.create(new float[] {0f})),
                    new NDList(m.create(new float[] {3f}), m.create(new float[] {0f}), m.create(new float[] {0f})));
            // L1 means: scale 0: 1.5 and 0.5; scale 1: 0 and 1 -> sum 3, times 10; predictions not matched
            assertEquals(30f, GanLosses.featureMatching(fake, real, 10f).getFloat(), 1e-5f);
        }
    }
}
