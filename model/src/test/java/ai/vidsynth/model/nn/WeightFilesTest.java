package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightFilesTest {

    static SequentialBlock net(int filters) {
        return new SequentialBlock().add(Layers.conv(filters, 3, 1, 1)).add(new ConvTranspose2d(2));
    }

    @Test
    void roundTripsWithinHalfPrecision(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock a = net(4);
            a.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            Path file = dir.resolve("w.fp16");
            WeightFiles.save(a, file);
            SequentialBlock b = net(4);
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            WeightFiles.load(b, file, m);
            for (int i = 0; i < a.getParameters().size(); i++) {
                float[] x = a.getParameters().get(i).getValue().getArray().toFloatArray();
                float[] y = b.getParameters().get(i).getValue().getArray().toFloatArray();
                assertArrayEquals(x, y, 2e-3f);
            }
            long params = a.getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum();
            assertTrue(Files.size(file) < params * 2 + 1024, "fp16 file should take about 2 bytes per parameter");
        }
    }

    @Test
    void refusesAnotherArchitecture(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock a = net(4);
            a.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            WeightFiles.save(a, dir.resolve("w.fp16"));
            SequentialBlock b = net(5);
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            assertThrows(MalformedModelException.class, () -> WeightFiles.load(b, dir.resolve("w.fp16"), m));
        }
    }
}
