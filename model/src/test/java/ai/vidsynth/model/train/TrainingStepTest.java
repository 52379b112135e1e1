package ai.vidsynth.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelEncoder;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.pix2pixhd.Generators;
import ai.vidsynth.model.pix2pixhd.Pix2PixHDConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingStepTest {

    static final Pix2PixHDConfig TINY = new Pix2PixHDConfig("cityscapes-35", 3, 8, 2, 1, 0, 1, 4, 2, 8, 2, 2);

    static TrainingExample example(int w, int h) {
        byte[] labels = new byte[w * h];
        int[] inst = new int[w * h];
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                boolean sky = y < h / 2;
                labels[i] = (byte) (sky ? 23 : 7);
                inst[i] = sky ? 23 : 7;
                rgb[3 * i] = (byte) (sky ? 70 : 128);
                rgb[3 * i + 1] = (byte) (sky ? 130 : 64);
                rgb[3 * i + 2] = (byte) (sky ? 180 : 128);
            }
        }
        return new TrainingExample("synthetic", new LabelFrame(w, h, labels, inst), new RgbImage(w, h, rgb));
    }

    static List<float[]> snapshot(Block b) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : b.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    static int changed(List<float[]> before, Block b) {
        List<float[]> after = snapshot(b);
        int n = 0;
        for (int i = 0; i < before.size(); i++) {
            if (!Arrays.equals(before.get(i), after.get(i))) {
                n++;
            }
        }
        return n;
    }

    @Test
    void oneStepChangesGeneratorEncoderAndDiscriminator() {
        try (NDManager root = NDManager.newBaseManager()) {
            Pix2PixHDTrainer.Networks n = new Pix2PixHDTrainer.Networks(TINY, 32, 16, 2e-4f, 10, root);
            n.prepareOptimizers();
            List<float[]> g0 = snapshot(n.g);
            List<float[]> e0 = snapshot(n.e);
            List<float[]> d0 = snapshot(n.d);
            Map<String, Float> losses;
            try (NDManager m = root.newSubManager()) {
                losses = Pix2PixHDTrainer.step(m, new LabelEncoder(TINY.labels()), n, example(32, 16), 10f);
            }
            assertEquals(g0.size(), changed(g0, n.g), "every generator parameter moves");
            assertEquals(e0.size(), changed(e0, n.e), "every encoder parameter moves");
            assertEquals(d0.size(), changed(d0, n.d), "every discriminator parameter moves");
            assertTrue(losses.values().stream().allMatch(v -> Float.isFinite(v) && v >= 0), losses.toString());
        }
    }

    @Test
    void frozenGlobalGeneratorStaysFixedWhileTheEnhancerLearns() {
        try (NDManager root = NDManager.newBaseManager()) {
            Pix2PixHDTrainer.Networks n = new Pix2PixHDTrainer.Networks(TINY.withLocalEnhancers(1), 32, 16, 2e-4f, 10, root);
            Generators.globalOf(n.g).freezeParameters(true);
            n.prepareOptimizers();
            List<float[]> global0 = snapshot(Generators.globalOf(n.g));
            List<float[]> all0 = snapshot(n.g);
            try (NDManager m = root.newSubManager()) {
                Pix2PixHDTrainer.step(m, new LabelEncoder(TINY.labels()), n, example(32, 16), 10f);
            }
            assertEquals(0, changed(global0, Generators.globalOf(n.g)), "G1 is frozen in the local stage");
            assertEquals(all0.size() - global0.size(), changed(all0, n.g), "every enhancer parameter moves");
            assertFalse(n.gParams.isEmpty());
        }
    }

    @Test
    void aTrainingStepLeavesNothingBehindInTheNetworksManager() {
        try (NDManager root = NDManager.newBaseManager()) {
            Pix2PixHDTrainer.Networks n = new Pix2PixHDTrainer.Networks(TINY, 32, 16, 2e-4f, 10, root);
            n.prepareOptimizers();
            int[] counts = new int[3];
            for (int step = 0; step < counts.length; step++) {
                try (NDManager m = root.newSubManager()) {
                    Pix2PixHDTrainer.step(m, new LabelEncoder(TINY.labels()), n, example(32, 16), 10f);
                }
                counts[step] = root.getManagedArrays().size();
            }
            // the first step creates the optimizers' moments; after that the count must stay put
            assertEquals(counts[1], counts[2], "arrays left in the networks' manager after steps 1, 2, 3: " + java.util.Arrays.toString(counts));
        }
    }
}
