package ai.vidsynth.model.vid2vid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.nn.Flops;
import java.util.List;

/**
 * What the runtime and the trainer need of a vid2vid generator, one scale ({@link SequentialGenerator}) or coarse to
 * fine ({@link CoarseToFineGenerator}): a step's inputs built from its label window and past frames, and the step.
 */
public abstract class FrameGenerator extends AbstractBlock implements Flops.Counted {

    protected FrameGenerator(byte version) {
        super(version);
    }

    /** The generator for these sizes. */
    public static FrameGenerator of(Vid2VidConfig c) {
        return c.local() == null ? new SequentialGenerator(c) : new CoarseToFineGenerator(c);
    }

    public abstract Vid2VidConfig config();

    /**
     * One video's step, encoded: {@code window} the tG label frames (oldest first, this frame last) at the generator's
     * resolution, {@code past} the tG - 1 previous frames (N = 1, in [-1, 1]). Several videos' inputs are batched by
     * concatenating each position on axis 0.
     */
    public abstract NDList inputs(NDManager m, List<LabelFrame> window, List<NDArray> past);

    /**
     * {@link #inputs} as the inference path ({@code generate(..., false)}) reads them: the same by default; the real-time
     * generator looks its label window's embedding up instead of building the one-hot maps
     * ({@link LabelEmbedding#lookup}).
     */
    public NDList inferenceInputs(NDManager m, List<LabelFrame> window, List<NDArray> past) {
        return inputs(m, window, past);
    }

    /** The shapes of {@link #inputs} for a batch at this resolution, to initialize and count FLOPs. */
    public abstract Shape[] inputShapes(long batch, int width, int height);

    /** One step on (batched) {@link #inputs}. */
    public SequentialGenerator.Outputs generate(ParameterStore store, NDList inputs, boolean training) {
        return SequentialGenerator.Outputs.of(forward(store, inputs, training));
    }

    /** The convolutions' FLOPs of one step at this resolution. */
    public long flops(int width, int height) {
        return flops(inputShapes(1, width, height));
    }
}
