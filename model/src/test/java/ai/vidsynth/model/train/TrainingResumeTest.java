package ai.vidsynth.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.vidsynth.model.pix2pixhd.Generators;
import ai.vidsynth.model.pix2pixhd.ImageGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training that can go on: a pix2pixHD run stopped after 3 of 6 steps and resumed in a new trainer ends with the
 * same weights, to the bit, as a run of 6 steps in one go: the networks, Adam's moments and update counts, the
 * example order and the learning-rate schedule all continue. A checkpoint without the optimizer's state (as
 * before) does not.
 */
class TrainingResumeTest {

    private static Pix2PixHDTrainer.Options options(Path run, int sessionSteps) {
        return new Pix2PixHDTrainer.Options(Pix2PixHDTrainer.Stage.GLOBAL, TrainingStepTest.TINY, 32, 16, 6, run, null, 5, 2e-4f, 10f,
                100, 100, null, sessionSteps);
    }

    private static Pix2PixHDTrainer.State train(Path run, int sessionSteps) throws Exception {
        List<TrainingExample> examples = List.of(TrainingStepTest.example(32, 16), TrainingStepTest.example(32, 16).flipped());
        return new Pix2PixHDTrainer(options(run, sessionSteps), examples, new PrintStream(new ByteArrayOutputStream())).run();
    }

    private static float[] weights(Path run, String block) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = "G".equals(block) ? Generators.build(TrainingStepTest.TINY) : ai.vidsynth.model.pix2pixhd.MultiscaleDiscriminator.of(TrainingStepTest.TINY);
            b.initialize(m, DataType.FLOAT32, "G".equals(block) ? new Shape(1, TrainingStepTest.TINY.generatorInputChannels(), 16, 32)
                    : new Shape(1, TrainingStepTest.TINY.semanticChannels() + 3, 16, 32));
            new Checkpoints(run).loadBlock(block, b, m);
            java.util.List<Float> all = new java.util.ArrayList<>();
            for (var p : b.getParameters()) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    all.add(v);
                }
            }
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

    @Test
    void aResumedRunEndsWhereAnUninterruptedOneDoes(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        assertEquals(6, train(straight, 0).step());

        Path resumed = dir.resolve("resumed");
        assertEquals(3, train(resumed, 3).step(), "the first session stops after 3 steps");
        assertTrue(Files.exists(resumed.resolve("adamG.adam")) && Files.exists(resumed.resolve("adamD.adam")), "optimizer state saved");
        assertEquals(6, train(resumed, 0).step());

        Path restarted = dir.resolve("restarted");
        train(restarted, 3);
        // what a checkpoint of before this change held: no optimizer state
        Files.delete(restarted.resolve("adamG.adam"));
        Files.delete(restarted.resolve("adamD.adam"));
        train(restarted, 0);

        for (String block : new String[] {"G", "D"}) {
            assertArrayEquals(weights(straight, block), weights(resumed, block), block + " after a resume");
        }
        assertFalse(java.util.Arrays.equals(weights(straight, "G"), weights(restarted, "G")),
                "restarting Adam from zero moments takes other steps");
    }
}
