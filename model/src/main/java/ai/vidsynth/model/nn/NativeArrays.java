package ai.vidsynth.model.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Arrays made from Java data whose memory libtorch owns, and blocks frozen for inference.
 *
 * <p>DJL's {@code NDManager.create(float[], Shape)} copies the data into a new direct {@code ByteBuffer} and
 * wraps it with {@code torch::from_blob}: the tensor borrows Java memory, which comes back only when the
 * garbage collector happens to collect the buffer, long after the array is closed. Measured on the vid2vid
 * service path: up to 350 such buffers (200 MB) waiting for a GC at a time, freed in bursts, and the native
 * heap grown to hold the peaks. Here the tensor is allocated by libtorch and the data copied
 * straight into it, so closing the array frees its memory at once.
 */
public final class NativeArrays {

    private NativeArrays() {}

    /**
     * Flow fields ({u, v} per pixel, row-major, one per batch entry) as a (N, 2, height, width) float32 array, the
     * layout {@link Warp} takes.
     */
    public static NDArray flows(NDManager manager, java.util.List<float[][]> flows, int width, int height) {
        int n = width * height;
        float[] uv = new float[flows.size() * 2 * n];
        for (int i = 0; i < flows.size(); i++) {
            System.arraycopy(flows.get(i)[0], 0, uv, 2 * i * n, n);
            System.arraycopy(flows.get(i)[1], 0, uv, (2 * i + 1) * n, n);
        }
        return floats(manager, uv, new Shape(flows.size(), 2, height, width));
    }

    /** A float32 array of {@code shape} holding {@code data}, in memory libtorch owns. */
    public static NDArray floats(NDManager manager, float[] data, Shape shape) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException(data.length + " values for shape " + shape);
        }
        if (!manager.getDevice().equals(Device.cpu())) {
            // for an accelerator DJL copies the buffer to device memory at once and keeps no reference to it
            return manager.create(data, shape);
        }
        NDArray array = manager.create(shape, DataType.FLOAT32);
        // a direct view of the tensor's own (contiguous, CPU) memory: nothing is allocated on the Java side
        array.toByteBuffer(true).asFloatBuffer().put(data);
        return array;
    }

    /**
     * Stops autograd for good on a block's parameters. A runtime only infers; with parameters that require
     * gradients every forward pass records a graph and keeps its activations for a backward pass that never
     * comes, on whichever thread runs it: PyTorch's grad mode is per thread, and DJL switches it off only on
     * the thread that started the engine, not on Kafka Streams' stream threads.
     */
    public static void freeze(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().setRequiresGradient(false);
        }
    }
}
