package ai.vidsynth.model.pix2pixhd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.vidsynth.model.nn.Scalars;
import java.util.List;

/**
 * pix2pixHD's adversarial objective: least-squares GAN on the last output of every discriminator scale,
 * and feature matching over every intermediate layer and scale (weights 4 / (nLayers + 1) per layer and
 * 1 / numD per scale, times lambda).
 */
public final class GanLosses {

    private GanLosses() {}

    /** Sum over scales of mean((D(x) - target)^2), target 1 for "real", 0 for "fake". */
    public static NDArray lsgan(List<NDList> byScale, boolean targetReal) {
        NDArray total = null;
        for (NDList scale : byScale) {
            NDArray pred = scale.get(scale.size() - 1);
            NDArray diff = targetReal ? pred.sub(1f) : pred;
            NDArray term = diff.square().mean();
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /** The generator's adversarial loss: fakes should be judged real. */
    public static NDArray generatorAdversarial(List<NDList> fake) {
        return lsgan(fake, true);
    }

    /** The discriminator's loss: 0.5 * (real judged real + fake judged fake). */
    public static NDArray discriminator(List<NDList> real, List<NDList> fake) {
        return Scalars.times(lsgan(real, true).add(lsgan(fake, false)), 0.5f);
    }

    /**
     * Feature matching: L1 between the discriminator's intermediate features on the fake and on the real
     * image (the real side is a constant target).
     */
    public static NDArray featureMatching(List<NDList> fake, List<NDList> real, float lambda) {
        int numD = fake.size();
        int nLayers = fake.get(0).size() - 2;
        float featWeight = 4f / (nLayers + 1);
        float scaleWeight = 1f / numD;
        NDArray total = null;
        for (int i = 0; i < numD; i++) {
            for (int j = 0; j < fake.get(i).size() - 1; j++) {
                NDArray l1 = fake.get(i).get(j).sub(real.get(i).get(j).stopGradient()).abs().mean();
                NDArray term = Scalars.times(l1, scaleWeight * featWeight * lambda);
                total = total == null ? term : total.add(term);
            }
        }
        return total;
    }
}
