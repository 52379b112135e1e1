package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backward pass of a multiplication by a constant still reads the constant after a garbage collection has
 * freed every unreachable direct buffer and new ones have taken their memory. With DJL's {@code mul(20f)} in
 * place of {@link Scalars#times} this gave 1e30 instead of 20 in 20 of 20 tries here.
 */
class ScalarsTest {

    @Test
    void theConstantOutlivesTheGarbageCollectorUntilBackward() throws Exception {
        for (int trial = 0; trial < 5; trial++) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.ones(new Shape(1000));
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = Scalars.times(x, 20f).sum();
                    System.gc();
                    Thread.sleep(50);
                    List<ByteBuffer> reuse = new ArrayList<>();
                    for (int i = 0; i < 20000; i++) {
                        ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                        b.putFloat(0, 1e30f);
                        reuse.add(b);
                    }
                    gc.backward(loss);
                    assertEquals(20f, x.getGradient().toFloatArray()[0], "trial " + trial);
                    assertEquals(20f, x.getGradient().toFloatArray()[999], "trial " + trial);
                }
            }
        }
    }
}
