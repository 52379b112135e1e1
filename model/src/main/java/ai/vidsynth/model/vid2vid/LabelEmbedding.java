package ai.vidsynth.model.vid2vid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.vidsynth.model.nn.DensePath;
import ai.vidsynth.model.nn.Flops;
import ai.vidsynth.model.nn.Layers;

/**
 * The real-time model's label path: each of the tG stacked label frames (one-hot + boundary, C channels) is
 * embedded in E channels by one shared 1x1 convolution, (N, tG * C, H, W) → (N, tG * E, H, W). The 7x7 convolution
 * after it then reads tG * E channels instead of tG * C: with C = 36 and E = 8, 4.5 times fewer.
 */
public final class LabelEmbedding extends AbstractBlock implements Flops.Counted {

    private static final byte VERSION = 1;

    private final int frames;
    private final int embedding;
    private final Conv2d conv;

    public LabelEmbedding(int frames, int embedding) {
        super(VERSION);
        this.frames = frames;
        this.embedding = embedding;
        this.conv = addChildBlock("embed", Layers.conv(embedding, 1, 1, 0));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1) / frames;
        if (!training && !DensePath.on()) {
            // At inference the 1x1 convolution as one matrix product per frame, (E, C) x (C, H * W): the same sums.
            // Measured by bench --profile: libtorch's oneDNN convolution took 56 ms a frame for these 0.06 GFLOP
            // (36 -> 8 channels at 256x128, three frames), more than the 7x7 convolution after it.
            NDArray w = store.getValue(conv.getParameters().get("weight"), x.getDevice(), false);
            NDArray b = store.getValue(conv.getParameters().get("bias"), x.getDevice(), false);
            // views in the frame's manager: an op's result joins its first operand's manager
            NDArray kernel = w.get(x.getManager(), new NDIndex("...")).reshape(embedding, c);
            NDArray bias = b.get(x.getManager(), new NDIndex("...")).reshape(embedding, 1);
            NDArray e = kernel.matMul(x.reshape(n * frames, c, s.get(2) * s.get(3))).add(bias);
            return new NDList(e.reshape(n, frames * (long) embedding, s.get(2), s.get(3)));
        }
        NDArray perFrame = x.reshape(n * frames, c, s.get(2), s.get(3));
        NDArray e = conv.forward(store, new NDList(perFrame), training).singletonOrThrow();
        return new NDList(e.reshape(n, frames * (long) embedding, s.get(2), s.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), (long) frames * embedding, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        conv.initialize(manager, dataType, new Shape(s.get(0) * frames, s.get(1) / frames, s.get(2), s.get(3)));
    }

    @Override
    public long flops(Shape... inputs) {
        Shape s = inputs[0];
        return Flops.of(conv, new Shape(s.get(0) * frames, s.get(1) / frames, s.get(2), s.get(3)));
    }
}
