package ai.vidsynth.model.vid2vid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.vidsynth.model.pix2pixhd.GlobalGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmStartTest {

    static final Vid2VidConfig TINY = new Vid2VidConfig("cityscapes-35", 3, 8, 2, 1, 1, List.of(26), 20f, 8, 2, 2, 3, 2);
    static final int SEMANTIC = 36;
    static final int FEATURES = 3;

    static GlobalGenerator trainedG1(NDManager m, int blocks) {
        GlobalGenerator g1 = new GlobalGenerator(TINY.ngf(), TINY.nDownsample(), blocks);
        g1.initialize(m, DataType.FLOAT32, new Shape(1, SEMANTIC + FEATURES, 16, 32));
        return g1;
    }

    static SequentialGenerator freshVid2Vid(NDManager m) {
        SequentialGenerator g = new SequentialGenerator(TINY);
        g.initialize(m, DataType.FLOAT32, new Shape(1, g.labelChannels(), 16, 32), new Shape(1, g.imageChannels(), 16, 32));
        return g;
    }

    static List<NDArray> arrays(List<Parameter> params) {
        List<NDArray> out = new ArrayList<>();
        params.forEach(p -> out.add(p.getArray()));
        return out;
    }

    @Test
    void theImagePathTakesG1sWeightsAndOnlyTheNewestFrameSeesLabelsAtFirst() {
        try (NDManager m = NDManager.newBaseManager()) {
            GlobalGenerator g1 = trainedG1(m, TINY.nBlocks());
            SequentialGenerator g = freshVid2Vid(m);
            WarmStart.fromGlobalGenerator(g, g1);
            List<NDArray> from = new ArrayList<>();
            g1.getParameters().forEach(p -> from.add(p.getValue().getArray()));
            List<NDArray> to = arrays(g.imagePath());
            assertEquals(from.size(), to.size());
            NDArray first = to.get(0);
            assertEquals(new Shape(TINY.ngf(), 3 * SEMANTIC, 7, 7), first.getShape());
            assertArrayEquals(from.get(0).get(":, 0:36").toFloatArray(), first.get(":, 72:108").toFloatArray(), "newest frame's slot");
            assertEquals(0f, first.get(":, 0:72").abs().sum().getFloat(), "older frames' slots start at zero");
            for (int i = 1; i < to.size(); i++) {
                assertArrayEquals(from.get(i).toFloatArray(), to.get(i).toFloatArray(), "parameter " + i);
            }
            List<NDArray> fg = arrays(g.foregroundRgb());
            assertArrayEquals(from.get(from.size() - 2).toFloatArray(), fg.get(0).toFloatArray(), "foreground RGB weight");
            assertArrayEquals(from.get(from.size() - 1).toFloatArray(), fg.get(1).toFloatArray(), "foreground RGB bias");
        }
    }

    @Test
    void aGeneratorOfOtherSizesIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            GlobalGenerator g1 = trainedG1(m, TINY.nBlocks() + 1);
            SequentialGenerator g = freshVid2Vid(m);
            assertThrows(IllegalArgumentException.class, () -> WarmStart.fromGlobalGenerator(g, g1));
        }
    }
}
