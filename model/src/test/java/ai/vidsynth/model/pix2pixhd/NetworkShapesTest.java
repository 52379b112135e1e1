package ai.vidsynth.model.pix2pixhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkShapesTest {

    static final Pix2PixHDConfig TINY = new Pix2PixHDConfig("cityscapes-35", 3, 8, 2, 1, 0, 1, 4, 2, 8, 2, 2);

    @Test
    void globalGeneratorMapsLabelsToAnRgbImageOfTheSameSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageGenerator g = Generators.build(TINY);
            Shape in = new Shape(1, TINY.generatorInputChannels(), 16, 32);
            g.initialize(m, DataType.FLOAT32, in);
            NDArray out = g.forward(new ParameterStore(m, false), new NDList(m.randomUniform(0, 1, in)), false).singletonOrThrow();
            assertEquals(new Shape(1, 3, 16, 32), out.getShape());
            assertTrue(out.abs().max().getFloat() <= 1f, "tanh output");
            assertEquals(new Shape(1, 8, 16, 32), g.features(new ParameterStore(m, false), m.zeros(in), false).getShape());
        }
    }

    @Test
    void localEnhancersDoubleTheResolutionEach() {
        for (int enhancers = 1; enhancers <= 2; enhancers++) {
            try (NDManager m = NDManager.newBaseManager()) {
                Pix2PixHDConfig c = TINY.withLocalEnhancers(enhancers);
                ImageGenerator g = Generators.build(c);
                Shape in = new Shape(1, c.generatorInputChannels(), 32, 64);
                g.initialize(m, DataType.FLOAT32, in);
                assertTrue(g instanceof LocalEnhancer);
                NDArray out = g.forward(new ParameterStore(m, false), new NDList(m.randomUniform(0, 1, in)), false).singletonOrThrow();
                assertEquals(new Shape(1, 3, 32, 64), out.getShape());
                assertEquals(8 >> enhancers, g.features(new ParameterStore(m, false), m.zeros(in), false).getShape().get(1));
            }
        }
    }

    @Test
    void multiscaleDiscriminatorReturnsEveryLayerAtEveryScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            MultiscaleDiscriminator d = MultiscaleDiscriminator.of(TINY);
            Shape in = new Shape(1, TINY.semanticChannels() + 3, 32, 64);
            d.initialize(m, DataType.FLOAT32, in);
            List<NDList> byScale = d.judge(new ParameterStore(m, false), m.zeros(new Shape(1, TINY.semanticChannels(), 32, 64)),
                    m.zeros(new Shape(1, 3, 32, 64)), false);
            assertEquals(2, byScale.size());
            for (NDList scale : byScale) {
                assertEquals(TINY.nLayersD() + 2, scale.size());
                assertEquals(1, scale.get(scale.size() - 1).getShape().get(1), "patch prediction has one channel");
            }
            // the second scale sees the image halved: its patch map is smaller
            assertTrue(byScale.get(1).get(3).getShape().get(3) < byScale.get(0).get(3).getShape().get(3));
            assertEquals(8, byScale.get(0).get(0).getShape().get(1));
            assertEquals(16, byScale.get(0).get(1).getShape().get(1));
        }
    }

    @Test
    void encoderGivesFeatureChannelsAtFullResolution() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock e = FeatureEncoder.of(TINY);
            e.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 32));
            NDArray f = e.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(1, 3, 16, 32))), false).singletonOrThrow();
            assertEquals(new Shape(1, 3, 16, 32), f.getShape());
        }
    }
}
