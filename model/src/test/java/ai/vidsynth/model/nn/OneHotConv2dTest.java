package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.labels.LabelEncoder;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.model.nn.onehot.Conv2d;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OneHotConv2dTest {

    /** Random label maps with a few classes present: the sparse path against DJL's dense convolution, same weights. */
    @Test
    void leavingOutAbsentClassesEqualsTheDenseConvolution() {
        try (NDManager m = NDManager.newBaseManager()) {
            LabelEncoder encoder = new LabelEncoder(LabelSet.CITYSCAPES_35);
            Random r = new Random(3);
            int w = 40;
            int h = 24;
            byte[] ids = new byte[w * h];
            int[] classes = {7, 11, 21, 23, 26};
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (byte) classes[r.nextInt(classes.length)];
            }
            NDArray x = encoder.encode(m, new LabelFrame(w, h, ids, null));
            Conv2d sparse = Conv2d.of(16, 7, 1, 3);
            sparse.initialize(m, DataType.FLOAT32, x.getShape());
            sparse.getParameters().forEach(p -> p.getValue().getArray().set(m.randomNormal(p.getValue().getArray().getShape()).toFloatArray()));
            NDArray fast = sparse.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            // the dense reference padded to whole 16-channel blocks: libtorch's own convolution of 35 channels reads
            // oneDNN's padded lanes from stale memory and gave results 3-4 off here (nn.padded.Conv2d, ChannelPaddingTest)
            NDArray dense = ai.vidsynth.model.nn.padded.Conv2d.conv2d(x, sparse.getParameters().get(0).getValue().getArray(),
                    sparse.getParameters().get(1).getValue().getArray(), new Shape(1, 1), new Shape(3, 3), new Shape(1, 1), 1).singletonOrThrow();
            assertEquals(dense.getShape(), fast.getShape());
            assertTrue(fast.allClose(dense, 1e-4, 1e-5, false), "max difference " + fast.sub(dense).abs().max().getFloat());
        }
    }

    /** The shipped models with the sparse first convolutions against their dense path (training mode), real labels. */
    @Test
    void shippedModelsGiveTheDenseResultOnRealLabels() throws Exception {
        java.nio.file.Path seq = ai.vidsynth.model.train.CityscapesMini.defaultRoot().resolve("sequences/stuttgart_00");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(seq), "no shared data");
        var files = ai.vidsynth.model.train.CityscapesMini.frames(seq);
        java.util.List<LabelFrame> labels = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            labels.add(ai.vidsynth.model.labels.LabelPngs.read(files.get(i).labels(), files.get(i).instances()).resizedNearest(256, 128));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            var card = ai.vidsynth.model.runtime.ModelCard.read(java.nio.file.Path.of("../models/vid2vid-256x128"));
            var g = new ai.vidsynth.model.vid2vid.SequentialGenerator(card.vid2vid());
            Shape lab = new Shape(1, g.labelChannels(), 128, 256);
            Shape past = new Shape(1, g.imageChannels(), 128, 256);
            g.initialize(m, DataType.FLOAT32, lab, past);
            WeightFiles.load(g, java.nio.file.Path.of("../models/vid2vid-256x128/generator.fp16"), m);
            var inputs = new ai.vidsynth.model.vid2vid.SequenceInputs(card.vid2vid());
            NDList in = new NDList(inputs.labels(m, labels), m.randomUniform(-1, 1, past));
            ParameterStore store = new ParameterStore(m, false);
            var fast = g.generate(store, in.get(0), in.get(1), false);
            var dense = g.generate(store, in.get(0), in.get(1), true);
            // by name: the default runs the label maps' flow, so its inference pass has no flow output
            var f = java.util.List.of(fast.hallucinated(), fast.foreground(), fast.mask());
            var d = java.util.List.of(dense.hallucinated(), dense.foreground(), dense.mask());
            for (int i = 0; i < f.size(); i++) {
                float diff = f.get(i).sub(d.get(i)).abs().max().getFloat();
                assertTrue(diff < 1e-3f, "output " + i + " differs by " + diff);
            }
        }
    }

    @Test
    void anAllZeroInputGivesTheBias() {
        try (NDManager m = NDManager.newBaseManager()) {
            Conv2d conv = Conv2d.of(4, 3, 1, 1);
            Shape in = new Shape(1, 5, 6, 6);
            conv.initialize(m, DataType.FLOAT32, in);
            NDArray out = conv.forward(new ParameterStore(m, false), new NDList(m.zeros(in)), false).singletonOrThrow();
            assertEquals(new Shape(1, 4, 6, 6), out.getShape());
            NDArray bias = conv.getParameters().get(1).getValue().getArray().reshape(1, 4, 1, 1);
            assertTrue(out.allClose(bias.broadcast(out.getShape())));
        }
    }

    @Test
    void keepsTheParameterNamesTheShippedWeightsWereSavedUnder() {
        assertEquals("Conv2d", Conv2d.class.getSimpleName());
    }
}
