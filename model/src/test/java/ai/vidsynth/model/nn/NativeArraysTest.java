package ai.vidsynth.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class NativeArraysTest {

    private static BufferPoolMXBean directBuffers() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
    }

    @Test
    void holdsTheDataWithoutBorrowingJavaMemory() {
        float[] data = new float[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f - 3f;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray warm = NativeArrays.floats(m, data, new Shape(2, 3, 4));
            long buffers = directBuffers().getCount();
            long bytes = directBuffers().getMemoryUsed();
            for (int i = 0; i < 20; i++) {
                try (NDArray a = NativeArrays.floats(m, data, new Shape(1, 2, 3, 4))) {
                    assertArrayEquals(data, a.toFloatArray());
                    assertEquals(new Shape(1, 2, 3, 4), a.getShape());
                }
            }
            assertEquals(buffers, directBuffers().getCount(), "direct buffers allocated");
            assertEquals(bytes, directBuffers().getMemoryUsed(), "direct buffer memory allocated");
            assertArrayEquals(data, warm.toFloatArray());
        }
    }
}
