package ai.vidsynth.model.vid2vid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelEncoder;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.nn.Layers;
import ai.vidsynth.model.nn.WeightFiles;
import ai.vidsynth.model.pix2pixhd.GlobalGenerator;
import ai.vidsynth.model.pix2pixhd.LocalEnhancer;
import ai.vidsynth.model.runtime.ModelCard;
import ai.vidsynth.model.runtime.Vid2VidRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoarseToFineGeneratorTest {

    static final Vid2VidConfig CTF = WarmStartTest.TINY.withLocal(new Vid2VidConfig.Local(4, 1));
    static final int W = 32;
    static final int H = 16;

    static LabelFrame uniform(int w, int h, int label) {
        byte[] labels = new byte[w * h];
        Arrays.fill(labels, (byte) label);
        return new LabelFrame(w, h, labels, null);
    }

    static List<NDArray> randomPast(NDManager m, int n, int w, int h) {
        List<NDArray> past = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            past.add(m.randomUniform(-1f, 1f, new Shape(1, 3, h, w)));
        }
        return past;
    }

    /**
     * Warm-started from a pix2pixHD local model (vid2vid's coarse scale from its G1, the finer scale from its enhancer),
     * the generator paints the enhancer's image at step 0: the past frames enter through zero gates at both scales, and
     * on a label map of one class the enhancer's averaged half-resolution input equals the coarse scale's nearest one.
     */
    @Test
    void warmStartedItPaintsWhatTheLocalEnhancerPaints() {
        try (NDManager m = NDManager.newBaseManager()) {
            int semantic = CTF.semanticChannels();
            GlobalGenerator g1 = new GlobalGenerator(CTF.ngf(), CTF.nDownsample(), CTF.nBlocks());
            LocalEnhancer enhancer = new LocalEnhancer(g1, CTF.local().ngf(), CTF.local().nBlocks(), Layers.Upsampling.TRANSPOSED);
            enhancer.initialize(m, DataType.FLOAT32, new Shape(1, semantic, H, W));
            CoarseToFineGenerator g = new CoarseToFineGenerator(CTF);
            g.initialize(m, DataType.FLOAT32, g.inputShapes(1, W, H));
            WarmStart.fromGlobalGenerator(g.coarseScale(), g1);
            WarmStart.fromLocalEnhancer(g, enhancer);

            LabelFrame road = uniform(W, H, 7);
            ParameterStore store = new ParameterStore(m, false);
            NDList in = g.inputs(m, List.of(road, road, road), randomPast(m, 2, W, H));
            SequentialGenerator.Outputs out = g.generate(store, in, false);
            NDArray expected = enhancer.forward(store, new NDList(new LabelEncoder(CTF.labels()).encode(m, road)), false).singletonOrThrow();
            assertEquals(new Shape(1, 3, H, W), out.hallucinated().getShape());
            assertArrayEquals(expected.toFloatArray(), out.hallucinated().toFloatArray(), 1e-4f);
            assertArrayEquals(expected.toFloatArray(), out.foreground().toFloatArray(), 1e-4f, "both heads start from the enhancer's RGB layer");
            assertEquals(new Shape(1, 2, H, W), out.flow().getShape());
            assertEquals(new Shape(1, 1, H, W), out.mask().getShape());
        }
    }

    @Test
    void anEnhancerOfOtherSizesIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            LocalEnhancer enhancer = new LocalEnhancer(new GlobalGenerator(CTF.ngf(), CTF.nDownsample(), CTF.nBlocks()), CTF.local().ngf(),
                    CTF.local().nBlocks() + 1, Layers.Upsampling.TRANSPOSED);
            enhancer.initialize(m, DataType.FLOAT32, new Shape(1, CTF.semanticChannels(), H, W));
            CoarseToFineGenerator g = new CoarseToFineGenerator(CTF);
            g.initialize(m, DataType.FLOAT32, g.inputShapes(1, W, H));
            assertThrows(IllegalArgumentException.class, () -> WarmStart.fromLocalEnhancer(g, enhancer));
        }
    }

    /** A model folder as the exporter writes it: its finer scale, and a card naming the coarse model it was made on. */
    static void writeModels(Path root, int coarseVersion, String coarseIdOnCard) throws Exception {
        Path coarseDir = Files.createDirectories(root.resolve("coarse"));
        Path fineDir = Files.createDirectories(root.resolve("fine"));
        try (NDManager m = NDManager.newBaseManager()) {
            CoarseToFineGenerator g = new CoarseToFineGenerator(CTF);
            g.initialize(m, DataType.FLOAT32, g.inputShapes(1, W, H));
            WeightFiles.save(g.coarseScale(), coarseDir.resolve("generator.fp16"));
            WeightFiles.save(g.localScale(), fineDir.resolve("local.fp16"));
        }
        new ModelCard("tiny-coarse", ModelCard.KIND_VID2VID, coarseVersion, W / 2, H / 2, null, CTF.withLocal(null), null, "../none",
                Map.of("generator", "generator.fp16"), null, null, null, "test").write(coarseDir);
        new ModelCard("tiny-fine", ModelCard.KIND_VID2VID, 1, W, H, null, CTF, null, "../none", Map.of("local", "local.fp16"), null, null,
                null, "test", new ModelCard.CoarseModel("../coarse", coarseIdOnCard)).write(fineDir);
    }

    @Test
    void aModelFolderLoadsWithItsCoarseModelAndSteps(@TempDir Path dir) throws Exception {
        writeModels(dir, 1, "tiny-coarse:1");
        try (Vid2VidRuntime r = Vid2VidRuntime.load(dir.resolve("fine"))) {
            LabelFrame road = uniform(W, H, 7);
            RgbImage grey = new RgbImage(W, H, new byte[W * H * 3]);
            RgbImage a = r.step(List.of(grey, grey), List.of(road, road), road);
            RgbImage b = r.step(List.of(grey, grey), List.of(road, road), road);
            assertEquals(W, a.width());
            assertEquals(H, a.height());
            assertArrayEquals(a.rgb(), b.rgb(), "deterministic");
            assertTrue(r.gflopPerFrame() > 0);
        }
    }

    @Test
    void aCoarseModelOfAnotherVersionIsRefusedByName(@TempDir Path dir) throws Exception {
        writeModels(dir, 2, "tiny-coarse:1");
        IOException e = assertThrows(IOException.class, () -> Vid2VidRuntime.load(dir.resolve("fine")));
        assertTrue(e.getMessage().contains("tiny-coarse:1") && e.getMessage().contains("tiny-coarse:2"), e.getMessage());
    }
}
