package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class InstanceNorm2dTest {

    @Test
    void eachSampleAndChannelHasZeroMeanUnitVariance() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(2f, 5f, new Shape(2, 3, 4, 5), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray y = InstanceNorm2d.apply(x);
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 3; c++) {
                    NDArray plane = y.get(new NDIndex(n + ", " + c));
                    assertEquals(0f, plane.mean().getFloat(), 1e-4f);
                    assertEquals(1f, plane.square().mean().getFloat(), 1e-3f);
                }
            }
        }
    }
}
