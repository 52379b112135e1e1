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
        List<LabelFrame> labels = stuttgartLabels(0);
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialGenerator g = shipped(m, model);
            NDList in = g.inputs(m, labels, pastFrames(m, g));
            assertSameOutputs(g, in, in, 1e-3f);
        }
    }

    /**
     * The real-time model's label window looked up from its ids: the same floats as its one-hot maps through the
     * embedding's matrix product, and the generator's outputs on it those of the dense path.
     */
    @Test
    void labelLookupGivesTheEmbeddingOfTheOneHotWindow() throws Exception {
        List<LabelFrame> labels = stuttgartLabels(5);
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialGenerator g = shipped(m, "vid2vid-realtime-256x128");
            List<NDArray> past = pastFrames(m, g);
            NDList looked = g.inferenceInputs(m, labels, past);
            NDList oneHot = g.inputs(m, labels, past);
            assertEquals(new Shape(1, 3 * g.config().labelEmbedding(), 128, 256), looked.get(0).getShape());

            NDArray product = g.labelEmbedding().forward(new ParameterStore(m, false), new NDList(oneHot.get(0)), false).singletonOrThrow();
            float diff = looked.get(0).sub(product).abs().max().getFloat();
            assertEquals(0f, diff, "the lookup against the matrix product over the one-hot window");
            assertSameOutputs(g, looked, oneHot, 1e-3f);
        }
    }

    /** Three label frames of stuttgart_00 from {@code from}, at 256x128; skips the test without the shared data. */
    private static List<LabelFrame> stuttgartLabels(int from) throws Exception {
        Path seq = CityscapesMini.defaultRoot().resolve("sequences/stuttgart_00");
        Assumptions.assumeTrue(Files.isDirectory(seq), "no shared data");
        var files = CityscapesMini.frames(seq);
        List<LabelFrame> labels = new ArrayList<>();
        for (int i = from; i < from + 3; i++) {
            labels.add(LabelPngs.read(files.get(i).labels(), files.get(i).instances()).resizedNearest(256, 128));
        }
        return labels;
    }

    /** A shipped one-scale vid2vid generator with its weights, at 256x128. */
    private static SequentialGenerator shipped(NDManager m, String model) throws Exception {
        Path dir = Path.of("../models", model);
        ModelCard card = ModelCard.read(dir);
        SequentialGenerator g = new SequentialGenerator(card.vid2vid());
        g.initialize(m, DataType.FLOAT32, new Shape(1, g.labelChannels(), 128, 256), new Shape(1, g.imageChannels(), 128, 256));
        WeightFiles.load(g, dir.resolve(card.weights().get("generator")), m);
        return g;
    }

    /** Random past frames in [-1, 1], one array each, as the runtime passes them. */
    private static List<NDArray> pastFrames(NDManager m, SequentialGenerator g) {
        List<NDArray> past = new ArrayList<>();
        for (int i = 0; i < g.imageChannels() / 3; i++) {
            past.add(m.randomUniform(-1, 1, new Shape(1, 3, 128, 256)));
        }
        return past;
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
            NDList in = new NDList(ai.djl.ndarray.NDArrays.concat(labels, 0), m.randomUniform(-1, 1, past));
            assertSameOutputs(g, in, in, 1e-4f);
        }
    }

    /** The inference path on {@code fastIn} against the dense (training-mode) path on {@code denseIn}. */
    private static void assertSameOutputs(SequentialGenerator g, NDList fastIn, NDList denseIn, float tolerance) {
        ParameterStore store = new ParameterStore(fastIn.head().getManager(), false);
        SequentialGenerator.Outputs fast = g.generate(store, fastIn.get(0), fastIn.get(1), false);
        SequentialGenerator.Outputs dense = g.generate(store, denseIn.get(0), denseIn.get(1), true);
        // a label-flow model leaves its flow branch out at inference (the dense, training-mode path runs it)
        boolean flowSkipped = g.config().flow() == Vid2VidConfig.FlowSource.LABELS;
        assertEquals(flowSkipped, fast.flow() == null, "flow out at inference");
        List<String> names = flowSkipped ? List.of("hallucinated", "foreground", "mask") : List.of("hallucinated", "foreground", "flow", "mask");
        var f = flowSkipped ? List.of(fast.hallucinated(), fast.foreground(), fast.mask())
                : List.of(fast.hallucinated(), fast.foreground(), fast.flow(), fast.mask());
        var d = flowSkipped ? List.of(dense.hallucinated(), dense.foreground(), dense.mask())
                : List.of(dense.hallucinated(), dense.foreground(), dense.flow(), dense.mask());
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
