package ai.vidsynth.model.vid2vid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.model.nn.WeightFiles;
import ai.vidsynth.model.runtime.ModelCard;
import ai.vidsynth.model.train.CityscapesMini;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generator's inference path (the label embedding as a matrix product, the image heads as one convolution, the
 * one-hot convolution without absent classes) against its dense path, which is the training-mode forward pass: the
 * same weights, the same inputs, equal outputs up to float rounding.
 */
class InferencePathsTest {

    /** The shipped models on real labels. */
    @ParameterizedTest
    @ValueSource(strings = {"vid2vid-256x128", "vid2vid-realtime-256x128"})
    void shippedModelsGiveTheDenseResultOnRealLabels(String model) throws Exception {
        Path seq = CityscapesMini.defaultRoot().resolve("sequences/stuttgart_00");
        Assumptions.assumeTrue(Files.isDirectory(seq), "no shared data");
        var files = CityscapesMini.frames(seq);
        List<LabelFrame> labels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            labels.add(LabelPngs.read(files.get(i).labels(), files.get(i).instances()).resizedNearest(256, 128));
        }
        Path dir = Path.of("../models", model);
        ModelCard card = ModelCard.read(dir);
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialGenerator g = new SequentialGenerator(card.vid2vid());
            Shape past = new Shape(1, g.imageChannels(), 128, 256);
            g.initialize(m, DataType.FLOAT32, new Shape(1, g.labelChannels(), 128, 256), past);
            WeightFiles.load(g, dir.resolve(card.weights().get("generator")), m);
            NDList in = new NDList(new SequenceInputs(card.vid2vid()).labels(m, labels), m.randomUniform(-1, 1, past));
            assertSameOutputs(g, in, 1e-3f);
        }
    }

    /**
     * The real-time model's label window looked up from its ids: the same floats as its one-hot maps through the
     * embedding's matrix product, and the generator's outputs on it those of the dense path.
     */
    @Test
    void labelLookupGivesTheEmbeddingOfTheOneHotWindow() throws Exception {
        Path seq = CityscapesMini.defaultRoot().resolve("sequences/stuttgart_00");
        Assumptions.assumeTrue(Files.isDirectory(seq), "no shared data");
        var files = CityscapesMini.frames(seq);
        List<LabelFrame> labels = new ArrayList<>();
        for (int i = 5; i < 8; i++) {
            labels.add(LabelPngs.read(files.get(i).labels(), files.get(i).instances()).resizedNearest(256, 128));
        }
        Path dir = Path.of("../models/vid2vid-realtime-256x128");
        ModelCard card = ModelCard.read(dir);
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialGenerator g = new SequentialGenerator(card.vid2vid());
            Shape past = new Shape(1, g.imageChannels(), 128, 256);
            g.initialize(m, DataType.FLOAT32, new Shape(1, g.labelChannels(), 128, 256), past);
            WeightFiles.load(g, dir.resolve(card.weights().get("generator")), m);
            NDArray pastFrames = m.randomUniform(-1, 1, past);
            List<NDArray> pastList = List.of(pastFrames.get(":, 0:3"), pastFrames.get(":, 3:6"));
            NDList looked = g.inferenceInputs(m, labels, pastList);
            NDList oneHot = g.inputs(m, labels, pastList);
            assertEquals(new Shape(1, 3 * card.vid2vid().labelEmbedding(), 128, 256), looked.get(0).getShape());

            LabelEmbedding embedding = g.labelEmbedding();
            ParameterStore store = new ParameterStore(m, false);
            NDArray product = embedding.forward(store, new NDList(oneHot.get(0)), false).singletonOrThrow();
            float diff = looked.get(0).sub(product).abs().max().getFloat();
            assertEquals(0f, diff, "the lookup against the matrix product over the one-hot window");

            SequentialGenerator.Outputs fast = g.generate(store, looked, false);
            SequentialGenerator.Outputs dense = g.generate(store, oneHot.get(0), oneHot.get(1), true);
            assertTrue(fast.hallucinated().sub(dense.hallucinated()).abs().max().getFloat() < 1e-3f, "hallucinated frame");
            assertTrue(fast.flow().sub(dense.flow()).abs().max().getFloat() < 20 * 1e-3f, "flow, in pixels");
            assertTrue(fast.mask().sub(dense.mask()).abs().max().getFloat() < 1e-3f, "mask");
        }
    }

    /** Random weights, a batch of two, and no foreground split (the image heads are then two, not three). */
    @Test
    void withoutForegroundAndInABatch() {
        Vid2VidConfig rt = Vid2VidConfig.realTime();
        Vid2VidConfig c = new Vid2VidConfig(rt.labelSet(), rt.tG(), 8, 2, 1, 1, List.of(), rt.flowScale(), rt.ndf(), rt.nLayersD(),
                rt.numD(), rt.temporalFrames(), rt.temporalScales(), 4);
        Random r = new Random(5);
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialGenerator g = new SequentialGenerator(c);
            Shape labelShape = new Shape(2, g.labelChannels(), 24, 40);
            Shape past = new Shape(2, g.imageChannels(), 24, 40);
            g.initialize(m, DataType.FLOAT32, labelShape, past);
            g.getParameters().forEach(p -> p.getValue().getArray().set(m.randomNormal(0, 0.2f, p.getValue().getArray().getShape(),
                    DataType.FLOAT32).toFloatArray()));
            SequenceInputs inputs = new SequenceInputs(c);
            NDList labels = new NDList();
            for (int v = 0; v < 2; v++) {
                List<LabelFrame> frames = new ArrayList<>();
                for (int t = 0; t < c.tG(); t++) {
                    byte[] ids = new byte[24 * 40];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = (byte) r.nextInt(LabelSet.CITYSCAPES_35.size());
                    }
                    frames.add(new LabelFrame(40, 24, ids, null));
                }
                labels.add(inputs.labels(m, frames));
            }
            assertSameOutputs(g, new NDList(ai.djl.ndarray.NDArrays.concat(labels, 0), m.randomUniform(-1, 1, past)), 1e-4f);
        }
    }

    private static void assertSameOutputs(SequentialGenerator g, NDList in, float tolerance) {
        ParameterStore store = new ParameterStore(in.head().getManager(), false);
        SequentialGenerator.Outputs fast = g.generate(store, in.get(0), in.get(1), false);
        SequentialGenerator.Outputs dense = g.generate(store, in.get(0), in.get(1), true);
        List<String> names = List.of("hallucinated", "foreground", "flow", "mask");
        var f = List.of(fast.hallucinated(), fast.foreground(), fast.flow(), fast.mask());
        var d = List.of(dense.hallucinated(), dense.foreground(), dense.flow(), dense.mask());
        for (int i = 0; i < names.size(); i++) {
            assertEquals(d.get(i).getShape(), f.get(i).getShape(), names.get(i));
            // relative to the output's scale: the flow is in pixels (flowScale 20), the rest within [-1, 1]
            float scale = Math.max(1f, d.get(i).abs().max().getFloat());
            float diff = f.get(i).sub(d.get(i)).abs().max().getFloat();
            assertTrue(diff < tolerance * scale, names.get(i) + " differs by " + diff + " at scale " + scale);
        }
        assertTrue(fast.mask().min().getFloat() >= 0 && fast.mask().max().getFloat() <= 1, "the mask is a sigmoid");
    }
}
