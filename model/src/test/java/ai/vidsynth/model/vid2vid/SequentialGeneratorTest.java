package ai.vidsynth.model.vid2vid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.nn.Warp;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialGeneratorTest {

    static final Vid2VidConfig TINY = new Vid2VidConfig("cityscapes-35", 3, 8, 2, 1, 1, List.of(26), 20f, 8, 2, 2, 3, 2);

    @Test
    void everyHeadHasItsShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialGenerator g = new SequentialGenerator(TINY);
            Shape labels = new Shape(1, g.labelChannels(), 16, 32);
            Shape past = new Shape(1, g.imageChannels(), 16, 32);
            assertEquals(3 * 36, g.labelChannels());
            assertEquals(6, g.imageChannels());
            g.initialize(m, DataType.FLOAT32, labels, past);
            NDList out = g.forward(new ParameterStore(m, false), new NDList(m.randomUniform(0, 1, labels), m.randomUniform(-1, 1, past)), false);
            assertEquals(new Shape(1, 3, 16, 32), out.get(0).getShape(), "hallucinated frame");
            assertEquals(new Shape(1, 3, 16, 32), out.get(1).getShape(), "foreground frame");
            assertEquals(new Shape(1, 2, 16, 32), out.get(2).getShape(), "flow");
            assertEquals(new Shape(1, 1, 16, 32), out.get(3).getShape(), "occlusion mask");
            float min = out.get(3).min().getFloat();
            float max = out.get(3).max().getFloat();
            assertTrue(min >= 0 && max <= 1, "mask is a sigmoid");
        }
    }

    /**
     * A model that carries its frames by the label maps' flow skips its flow branch at inference (no flow out, the
     * same frame, mask and fewer FLOPs than the same weights running the flow head) and still trains it.
     */
    @Test
    void aLabelFlowModelRunsNoFlowBranchAtInference() {
        try (NDManager m = NDManager.newBaseManager()) {
            Vid2VidConfig labelFlow = TINY.running(Warp.Interpolation.NEAREST, Vid2VidConfig.FlowSource.LABELS);
            Shape labels = new Shape(1, 3 * 36, 16, 32);
            Shape past = new Shape(1, 6, 16, 32);
            Engine.getInstance().setRandomSeed(5);
            SequentialGenerator own = new SequentialGenerator(TINY);
            own.initialize(m, DataType.FLOAT32, labels, past);
            Engine.getInstance().setRandomSeed(5);
            SequentialGenerator skipping = new SequentialGenerator(labelFlow);
            skipping.initialize(m, DataType.FLOAT32, labels, past);
            NDArray l = m.randomUniform(0, 1, labels);
            NDArray p = m.randomUniform(-1, 1, past);
            SequentialGenerator.Outputs full = own.generate(new ParameterStore(m, false), l, p, false);
            SequentialGenerator.Outputs skipped = skipping.generate(new ParameterStore(m, false), l, p, false);
            assertEquals(null, skipped.flow());
            assertTrue(full.flow() != null && full.flow().abs().sum().getFloat() >= 0);
            assertArrayEquals(full.hallucinated().toFloatArray(), skipped.hallucinated().toFloatArray(), 1e-6f, "same weights, same frame");
            assertArrayEquals(full.mask().toFloatArray(), skipped.mask().toFloatArray(), 1e-6f, "same mask");
            assertTrue(skipping.flops(labels, past) < own.flops(labels, past), skipping.flops(labels, past) + " against " + own.flops(labels, past));
            assertEquals(new Shape(1, 2, 16, 32), skipping.generate(new ParameterStore(m, false), l, p, true).flow().getShape(), "trained: the flow head runs");
        }
    }

    /** The real-time model's label path: each frame embedded by one shared 1x1 convolution before the 7x7. */
    @Test
    void labelEmbeddingIsSharedByTheFramesAndMakesTheRealTimeModelFiveTimesCheaper() {
        try (NDManager m = NDManager.newBaseManager()) {
            Vid2VidConfig rt = Vid2VidConfig.realTime();
            SequentialGenerator g = new SequentialGenerator(rt);
            Shape labels = new Shape(1, g.labelChannels(), 128, 256);
            Shape past = new Shape(1, g.imageChannels(), 128, 256);
            g.initialize(m, DataType.FLOAT32, labels, past);
            double gflop = g.flops(labels, past) / 1e9;
            assertTrue(gflop < 4.5, "real-time model " + gflop + " GFLOP");

            LabelEmbedding e = new LabelEmbedding(3, 2);
            Shape in = new Shape(1, 3 * 4, 2, 2);
            e.initialize(m, DataType.FLOAT32, in);
            NDArray x = m.randomUniform(0, 1, in);
            NDArray out = e.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(1, 6, 2, 2), out.getShape());
            // frame 1's embedding is frame 1's channels through the same 1x1 convolution as frame 0's
            NDArray w = e.getParameters().get(0).getValue().getArray().reshape(2, 4);
            NDArray b = e.getParameters().get(1).getValue().getArray();
            NDArray frame1 = x.get("0, 4:8").reshape(4, 4);
            NDArray expected = w.matMul(frame1).add(b.reshape(2, 1)).reshape(2, 2, 2);
            assertTrue(out.get("0, 2:4").allClose(expected, 1e-5, 1e-5, false), "shared embedding of frame 1");
        }
    }

    @Test
    void compositionTakesForegroundInsideTheMaskAndTheBlendOutside() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(1, 3, 2, 2);
            NDArray previous = m.full(s, 0.5f);
            NDArray hallucinated = m.full(s, -1f);
            NDArray foreground = m.full(s, 0.9f);
            NDArray flow = m.zeros(new Shape(1, 2, 2, 2));
            NDArray mask = m.create(new float[] {0f, 1f, 0.25f, 0f}, new Shape(1, 1, 2, 2));
            NDArray fg = m.create(new float[] {0f, 0f, 0f, 1f}, new Shape(1, 1, 2, 2));
            float[] out = Composition.compose(previous, hallucinated, foreground, flow, mask, fg, Warp.Interpolation.BILINEAR).image().get("0, 0").toFloatArray();
            // pixel 0: warped previous; 1: hallucinated; 2: 0.75 * 0.5 + 0.25 * -1; 3: foreground
            assertArrayEquals(new float[] {0.5f, -1f, 0.125f, 0.9f}, out, 1e-6f);
        }
    }

    @Test
    void pastFramesEnterThroughAGateThatStartsClosedAndLearns() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialGenerator g = new SequentialGenerator(TINY);
            Shape labels = new Shape(1, g.labelChannels(), 16, 32);
            Shape past = new Shape(1, g.imageChannels(), 16, 32);
            g.initialize(m, DataType.FLOAT32, labels, past);
            NDArray l = m.randomUniform(0, 1, labels);
            ParameterStore store = new ParameterStore(m, false);
            NDArray a = g.forward(store, new NDList(l, m.randomUniform(-1, 1, past)), false).get(0);
            NDArray b = g.forward(store, new NDList(l, m.randomUniform(-1, 1, past)), false).get(0);
            assertEquals(0f, a.sub(b).abs().max().getFloat(), "at initialization the image path is the label path alone");

            Parameter gate = g.getParameters().get("pastGate");
            gate.getArray().setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(g.forward(store, new NDList(l, m.randomUniform(-1, 1, past)), true).get(0).mean());
            }
            assertTrue(gate.getArray().getGradient().abs().getFloat() > 0, "the gate gets a gradient, so it can open");
        }
    }

    @Test
    void padsMissingPastFramesWithTheOldest() {
        assertEquals(List.of("a", "a"), SequenceInputs.padOldest(List.of("a"), 2));
        assertEquals(List.of("b", "c"), SequenceInputs.padOldest(List.of("a", "b", "c"), 2));
    }
}
