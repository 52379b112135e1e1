package ai.vidsynth.model.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import ai.vidsynth.model.nn.InstanceNorm2d;
import ai.vidsynth.model.nn.Layers;
import java.util.ArrayList;
import java.util.List;

/**
 * A small U-Net for Cityscapes' 19 training classes, the "segmenter" of the segmentation-consistency
 * measure both papers report: an encoder of {@code depth} stride-2 stages from {@code width} filters,
 * a decoder of transposed convolutions with skip connections, a 1x1 conv to class scores. Input RGB in
 * [-1, 1]; output (N, 19, H, W) logits.
 */
public final class SegmentationNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int width;
    private final int depth;
    private final List<SequentialBlock> down = new ArrayList<>();
    private final List<SequentialBlock> up = new ArrayList<>();
    private final List<SequentialBlock> merge = new ArrayList<>();
    private final SequentialBlock head;

    public SegmentationNet(int width, int depth) {
        super(VERSION);
        this.width = width;
        this.depth = depth;
        down.add(addChildBlock("in", conv3(width).add(conv3(width))));
        for (int i = 1; i <= depth; i++) {
            down.add(addChildBlock("down" + i, Layers.down(width << i).add(conv3(width << i))));
        }
        for (int i = depth; i >= 1; i--) {
            up.add(addChildBlock("up" + i, Layers.up(width << (i - 1))));
            merge.add(addChildBlock("merge" + i, conv3(width << (i - 1))));
        }
        head = addChildBlock("head", new SequentialBlock().add(Layers.conv(SegmentationScores.CLASSES, 1, 1, 0)));
        setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    }

    private static SequentialBlock conv3(int filters) {
        return new SequentialBlock().add(Layers.conv(filters, 3, 1, 1)).add(InstanceNorm2d.block()).add(Activation.reluBlock());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        List<NDArray> skips = new ArrayList<>();
        NDArray x = inputs.singletonOrThrow();
        for (SequentialBlock d : down) {
            x = d.forward(store, new NDList(x), training).singletonOrThrow();
            skips.add(x);
        }
        for (int k = 0; k < depth; k++) {
            NDArray u = up.get(k).forward(store, new NDList(x), training).singletonOrThrow();
            NDArray skip = skips.get(depth - 1 - k);
            x = merge.get(k).forward(store, new NDList(NDArrays.concat(new NDList(u, skip), 1)), training).singletonOrThrow();
        }
        return head.forward(store, new NDList(x), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        List<Shape> skipShapes = new ArrayList<>();
        for (SequentialBlock d : down) {
            d.initialize(manager, dataType, s);
            s = d.getOutputShapes(new Shape[] {s})[0];
            skipShapes.add(s);
        }
        for (int k = 0; k < depth; k++) {
            up.get(k).initialize(manager, dataType, s);
            Shape u = up.get(k).getOutputShapes(new Shape[] {s})[0];
            Shape skip = skipShapes.get(depth - 1 - k);
            Shape cat = new Shape(u.get(0), u.get(1) + skip.get(1), u.get(2), u.get(3));
            merge.get(k).initialize(manager, dataType, cat);
            s = merge.get(k).getOutputShapes(new Shape[] {cat})[0];
        }
        head.initialize(manager, dataType, s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), SegmentationScores.CLASSES, s.get(2), s.get(3))};
    }

    public int width() {
        return width;
    }

    public int depth() {
        return depth;
    }

    /**
     * Softmax cross-entropy over classes, averaged over the pixels whose trainId is not ignored.
     *
     * @param trainIds (N, 1, H, W) int64, ignored pixels already replaced by 0
     * @param valid    (N, 1, H, W) float 1 where the pixel counts
     */
    public static NDArray loss(NDArray logits, NDArray trainIds, NDArray valid) {
        NDArray logProb = logits.logSoftmax(1);
        NDArray picked = logProb.gather(trainIds, 1);
        return picked.mul(valid).sum().neg().div(valid.sum().maximum(1f));
    }
}
