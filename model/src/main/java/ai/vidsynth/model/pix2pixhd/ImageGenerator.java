package ai.vidsynth.model.pix2pixhd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.vidsynth.model.nn.Layers;

/**
 * A pix2pixHD generator: a feature trunk followed by the {@code pad, 7x7 conv, tanh} RGB head. The trunk is
 * exposed on its own because a local enhancer sums its own features with the trunk of the generator it
 * wraps (G1's last feature map, without G1's RGB head).
 */
public abstract class ImageGenerator extends AbstractBlock implements ai.vidsynth.model.nn.Flops.Counted {

    private static final byte VERSION = 1;

    protected final SequentialBlock toRgb;

    protected ImageGenerator() {
        super(VERSION);
        toRgb = Layers.toRgb();
    }

    /** Last feature map before the RGB head. */
    public abstract NDArray features(ParameterStore store, NDArray input, boolean training);

    /** Shape of {@link #features} for an input shape. */
    public abstract Shape featureShape(Shape inputShape);

    /** The convolutions' FLOPs of {@link #features} ({@link ai.vidsynth.model.nn.Flops}). */
    public abstract long featureFlops(Shape inputShape);

    @Override
    public long flops(Shape... inputs) {
        return featureFlops(inputs[0]) + ai.vidsynth.model.nn.Flops.of(toRgb, featureShape(inputs[0]));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray f = features(store, inputs.singletonOrThrow(), training);
        return toRgb.forward(store, new NDList(f), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 3, s.get(2), s.get(3))};
    }
}
