package ai.vidsynth.model.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.nn.WeightFiles;
import ai.vidsynth.model.pix2pixhd.Generators;
import ai.vidsynth.model.pix2pixhd.ImageGenerator;
import ai.vidsynth.model.pix2pixhd.Pix2PixHDConfig;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import java.nio.file.Path;
import java.util.Map;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pix2PixHDRuntimeTest {

    static final Pix2PixHDConfig TINY = new Pix2PixHDConfig("cityscapes-35", 3, 8, 2, 1, 1, 1, 4, 2, 8, 2, 2);

    /** A small randomly initialized model folder, written exactly as the exporter writes shipped ones. */
    static Path tinyModel(Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageGenerator g = Generators.build(TINY);
            g.initialize(m, DataType.FLOAT32, new Shape(1, TINY.generatorInputChannels(), 32, 64));
            WeightFiles.save(g, dir.resolve("generator.fp16"));
        }
        new ModelCard("tiny", ModelCard.KIND_PIX2PIXHD, 1, 64, 32, TINY, null, null, null, Map.of("generator", "generator.fp16"),
                Map.of(26, new float[][] {{0.5f, 0.5f, 0.5f}, {-0.9f, 0.9f, -0.9f}}), null, null, "test").write(dir);
        return dir;
    }

    static LabelFrame scene() {
        byte[] labels = new byte[64 * 32];
        int[] inst = new int[64 * 32];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                int i = y * 64 + x;
                boolean car = y > 18 && x > 20 && x < 40;
                labels[i] = (byte) (car ? 26 : y < 12 ? 23 : 7);
                inst[i] = car ? 26001 : labels[i];
            }
        }
        return new LabelFrame(64, 32, labels, inst);
    }

    @Test
    void sameInputGivesIdenticalBytesTwiceAndAfterReload(@TempDir Path dir) throws Exception {
        tinyModel(dir);
        byte[] first;
        byte[] second;
        try (Pix2PixHDRuntime r = Pix2PixHDRuntime.load(dir)) {
            first = r.synthesize(scene(), StyleClusters.Choice.DEFAULT).toPng();
            second = r.synthesize(scene(), StyleClusters.Choice.DEFAULT).toPng();
        }
        assertArrayEquals(first, second);
        try (Pix2PixHDRuntime r = Pix2PixHDRuntime.load(dir)) {
            assertArrayEquals(first, r.synthesize(scene(), StyleClusters.Choice.DEFAULT).toPng());
        }
    }

    @Test
    void styleChoiceChangesTheCarOnly(@TempDir Path dir) throws Exception {
        tinyModel(dir);
        try (Pix2PixHDRuntime r = Pix2PixHDRuntime.load(dir)) {
            RgbImage a = r.synthesize(scene(), new StyleClusters.Choice(null, Map.of(26, 0)));
            RgbImage b = r.synthesize(scene(), new StyleClusters.Choice(null, Map.of(26, 1)));
            assertEquals(64, a.width());
            assertFalse(java.util.Arrays.equals(a.rgb(), b.rgb()), "a different car cluster gives a different image");
        }
    }

    @Test
    void wrongSizeIsRefused(@TempDir Path dir) throws Exception {
        tinyModel(dir);
        try (Pix2PixHDRuntime r = Pix2PixHDRuntime.load(dir)) {
            assertThrows(IllegalArgumentException.class,
                    () -> r.synthesize(new LabelFrame(32, 32, new byte[32 * 32], null), StyleClusters.Choice.DEFAULT));
        }
    }

    @Test
    void recordsNoAutogradGraphOnAnyThread(@TempDir Path dir) throws Exception {
        tinyModel(dir);
        try (Pix2PixHDRuntime r = Pix2PixHDRuntime.load(dir); NDManager m = NDManager.newBaseManager()) {
            // a thread other than the engine's, as Kafka Streams' stream threads are: PyTorch's grad mode is on there
            java.util.concurrent.FutureTask<Boolean> leaf = new java.util.concurrent.FutureTask<>(() -> {
                assertTrue(JniUtils.isGradMode(), "precondition: grad mode is on in a new thread");
                PtNDArray out = (PtNDArray) r.generate(m, scene(), StyleClusters.Choice.DEFAULT);
                // DJL cannot ask whether a tensor has a grad_fn without crashing when it has none; but only a leaf
                // (a tensor with no autograd node behind it) reports requires_grad after asking for it
                out.setRequiresGradient(true);
                return JniUtils.requiresGrad(out);
            });
            new Thread(leaf).start();
            assertTrue(leaf.get(), "the generator's output has an autograd graph behind it");
        }
    }
}
