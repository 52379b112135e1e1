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
import ai.vidsynth.model.labels.BoundaryMap;
import ai.vidsynth.model.labels.LabelEncoder;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.nn.DensePath;
import ai.vidsynth.model.nn.Flops;
import ai.vidsynth.model.nn.Layers;
import ai.vidsynth.model.nn.NativeArrays;
import java.util.List;

/**
 * The real-time model's label path: each of the tG stacked label frames (one-hot + boundary, C channels) is
 * embedded in E channels by one shared 1x1 convolution, (N, tG * C, H, W) → (N, tG * E, H, W). The 7x7 convolution
 * after it then reads tG * E channels instead of tG * C: with C = 36 and E = 8, 4.5 times fewer.
 * <p>At inference the window may come embedded already, by {@link #lookup} from its label ids (tG * E channels
 * instead of tG * C: the configuration keeps E below C, so the two cannot be confused); it then passes through.
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
        if (!training && s.get(1) == (long) frames * embedding) {
            return inputs;
        }
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

    /**
     * The embedding of a label window straight from its label ids, (1, tG * E, H, W): the 1x1 convolution of a one-hot
     * + boundary map takes, at each pixel, the kernel's column of the pixel's class, plus the boundary channel's column
     * where the pixel is on an instance boundary, plus the bias. The same two or three terms as the matrix product
     * over the one-hot map (whose other terms are zeros, which add exactly nothing), added in the same order:
     * the same floats. Measured (micro-benchmark, three 256x128 frames, nothing else running): the one-hot window
     * (14 MB written in Java, copied to native memory, read by the product) 5–9 ms a frame, the lookup 1.9 ms.
     */
    public NDArray lookup(NDManager m, List<LabelFrame> window) {
        if (window.size() != frames) {
            throw new IllegalArgumentException("need " + frames + " label frames, got " + window.size());
        }
        float[] w = conv.getParameters().get("weight").getArray().toFloatArray();
        float[] b = conv.getParameters().get("bias").getArray().toFloatArray();
        int channels = w.length / embedding;
        int boundary = channels - 1;
        LabelEncoder.requireSameSize(window);
        LabelFrame first = window.get(0);
        int plane = first.width() * first.height();
        float[] out = new float[frames * embedding * plane];
        for (int f = 0; f < frames; f++) {
            LabelFrame frame = window.get(f);
            // checked once a frame, not in the loop below, which reads every id once per embedding channel
            if (frame.maxLabel() >= boundary) {
                throw new IllegalArgumentException("label id " + frame.maxLabel() + " outside the " + boundary + " classes");
            }
            byte[] ids = frame.labels();
            boolean[] edges = BoundaryMap.of(frame);
            for (int e = 0; e < embedding; e++) {
                int row = e * channels;
                int offset = (f * embedding + e) * plane;
                for (int i = 0; i < plane; i++) {
                    float v = w[row + (ids[i] & 0xff)];
                    if (edges[i]) {
                        v += w[row + boundary];
                    }
                    out[offset + i] = v + b[e];
                }
            }
        }
        return NativeArrays.floats(m, out, new Shape(1, (long) frames * embedding, first.height(), first.width()));
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
