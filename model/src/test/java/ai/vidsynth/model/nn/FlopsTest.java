package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.vidsynth.model.runtime.Pix2PixHDRuntime;
import ai.vidsynth.model.runtime.Vid2VidRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FlopsTest {

    @Test
    void countsEachConvolutionByItsOutputAndKernel() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock()
                    .add(ReflectionPad2d.block(3)).add(Layers.conv(8, 7, 1, 0))   // 16x16 out
                    .add(Layers.conv(16, 3, 2, 1))                                  // 8x8 out
                    .add(new ConvTranspose2d(4));                                   // 8x8 in, 16x16 out
            Shape in = new Shape(1, 3, 16, 16);
            net.initialize(m, DataType.FLOAT32, in);
            long expected = 2L * 8 * 16 * 16 * 3 * 49 + 2L * 16 * 8 * 8 * 8 * 9 + 2L * 16 * 8 * 8 * 4 * 9;
            assertEquals(expected, Flops.of(net, in));
        }
    }

    /** The figures the real-time issue measured independently for the shipped models at 256x128. */
    @Test
    void shippedModelsCountAsMeasuredElsewhere() throws Exception {
        try (Pix2PixHDRuntime g1 = Pix2PixHDRuntime.load(Path.of("../models/pix2pixhd-global-256x128"));
                Vid2VidRuntime v = Vid2VidRuntime.load(Path.of("../models/vid2vid-256x128"))) {
            assertEquals(11.0, g1.gflopPerFrame(), 0.1);
            // 23.5 with its flow branch, which the default (the label maps' flow) leaves out at inference: 3.5 of them
            assertEquals(20.0, v.gflopPerFrame(), 0.1);
        }
    }

    @Test
    void convolutionRateIsMeasured() {
        try (NDManager m = NDManager.newBaseManager()) {
            double gflops = Flops.measureConvGflops(m, 3);
            assertTrue(gflops > 1 && gflops < 1e5, "GFLOP/s " + gflops);
        }
    }
}
