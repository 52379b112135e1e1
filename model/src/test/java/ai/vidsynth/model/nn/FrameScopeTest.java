package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.pix2pixhd.Generators;
import ai.vidsynth.model.pix2pixhd.ImageGenerator;
import ai.vidsynth.model.pix2pixhd.Pix2PixHDConfig;
import ai.vidsynth.model.vid2vid.SequentialGenerator;
import ai.vidsynth.model.vid2vid.Vid2VidConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every array a forward pass makes belongs to the frame's (or training step's) manager: after that manager
 * closes, the manager that holds the weights has exactly the arrays it had before. A network that attaches
 * anything to the weights' manager grows native memory with every frame for as long as the service runs.
 */
class FrameScopeTest {

    static final Pix2PixHDConfig PIX2PIXHD = new Pix2PixHDConfig("cityscapes-35", 3, 8, 2, 1, 0, 1, 4, 2, 8, 2, 2);
    static final Vid2VidConfig VID2VID = new Vid2VidConfig("cityscapes-35", 3, 8, 2, 1, 1, List.of(26), 20f, 8, 2, 2, 3, 2);

    @Test
    void globalGeneratorLeavesNothingBehind() {
        ImageGenerator g = Generators.build(PIX2PIXHD);
        assertForwardLeavesNothing(g, new Shape(1, PIX2PIXHD.generatorInputChannels(), 16, 32));
    }

    @Test
    void localEnhancerLeavesNothingBehind() {
        Pix2PixHDConfig c = PIX2PIXHD.withLocalEnhancers(1);
        assertForwardLeavesNothing(Generators.build(c), new Shape(1, c.generatorInputChannels(), 32, 64));
    }

    @Test
    void sequentialGeneratorLeavesNothingBehind() {
        SequentialGenerator g = new SequentialGenerator(VID2VID);
        assertForwardLeavesNothing(g, new Shape(1, g.labelChannels(), 16, 32), new Shape(1, g.imageChannels(), 16, 32));
    }

    private static void assertForwardLeavesNothing(Block block, Shape... inputs) {
        try (NDManager weights = NDManager.newBaseManager()) {
            block.initialize(weights, DataType.FLOAT32, inputs);
            int before = weights.getManagedArrays().size();
            for (boolean training : new boolean[] {false, true}) {
                try (NDManager frame = weights.newSubManager();
                        GradientCollector gc = training ? Engine.getInstance().newGradientCollector() : null) {
                    NDList in = new NDList();
                    for (Shape s : inputs) {
                        in.add(frame.randomUniform(-1, 1, s));
                    }
                    NDList out = block.forward(new ParameterStore(frame, false), in, training);
                    if (gc != null) {
                        gc.backward(out.get(0).mean());
                    }
                }
                assertEquals(before, weights.getManagedArrays().size(),
                        (training ? "a training" : "an inference") + " pass left arrays in the weights' manager");
            }
        }
    }
}
