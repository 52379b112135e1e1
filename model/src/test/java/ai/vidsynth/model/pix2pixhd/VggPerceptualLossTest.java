package ai.vidsynth.model.pix2pixhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VggPerceptualLossTest {

    @Test
    void layersAreWeightedAsInPix2PixHD() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList fake = new NDList();
            NDList real = new NDList();
            for (int i = 0; i < 5; i++) {
                fake.add(m.create(new float[] {1f, 1f}));
                real.add(m.create(new float[] {0f, 0f}));
            }
            // every layer differs by 1: 1/32 + 1/16 + 1/8 + 1/4 + 1
            assertEquals(1.46875f, VggPerceptualLoss.weighted(fake, real).getFloat(), 1e-6f);
        }
    }

    @Test
    void missingWeightsFileIsAnErrorNotASilentFallback(@TempDir Path dir) {
        assertThrows(IOException.class, () -> VggPerceptualLoss.fromTorchScript(dir.resolve("vgg19.pt")));
    }
}
