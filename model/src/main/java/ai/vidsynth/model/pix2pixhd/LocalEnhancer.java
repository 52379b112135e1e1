package ai.vidsynth.model.pix2pixhd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.nn.ExclusiveAvgPool;
import ai.vidsynth.model.nn.Flops;
import ai.vidsynth.model.nn.Layers;

/**
 * pix2pixHD's local enhancer G2 (coarse to fine): its own front end at full resolution (7x7 conv, one
 * stride-2 downsample) whose features are summed with the trunk of the wrapped generator run on the input
 * halved (3x3 average pooling); then residual blocks, a transposed conv back to full resolution, and the
 * RGB head. Wrapping another enhancer gives one more resolution doubling.
 */
public class LocalEnhancer extends ImageGenerator {

    private final ImageGenerator coarse;
    private final SequentialBlock front;
    private final SequentialBlock back;
    private final int ngf;

    /** @param ngf this enhancer's filters; the wrapped generator's trunk must output {@code 2 * ngf} channels */
    public LocalEnhancer(ImageGenerator coarse, int ngf, int nBlocks, Layers.Upsampling upsampling) {
        this.ngf = ngf;
        this.coarse = addChildBlock("coarse", coarse);
        front = addChildBlock("front", new SequentialBlock().add(Layers.labelFront7x7(ngf)).add(Layers.down(ngf * 2)));
        SequentialBlock b = new SequentialBlock();
        for (int i = 0; i < nBlocks; i++) {
            b.add(Layers.residual(ngf * 2));
        }
        b.add(Layers.up(ngf, upsampling));
        back = addChildBlock("back", b);
        addChildBlock("toRgb", toRgb);
    }

    /** The generator this enhancer wraps (G1 for the first enhancer). */
    public ImageGenerator coarse() {
        return coarse;
    }

    @Override
    public NDArray features(ParameterStore store, NDArray input, boolean training) {
        NDArray fromCoarse = coarse.features(store, ExclusiveAvgPool.halve(input), training);
        NDArray own = front.forward(store, new NDList(input), training).singletonOrThrow();
        return back.forward(store, new NDList(own.add(fromCoarse)), training).singletonOrThrow();
    }

    @Override
    public Shape featureShape(Shape in) {
        return new Shape(in.get(0), ngf, in.get(2), in.get(3));
    }

    @Override
    public long featureFlops(Shape in) {
        Shape half = new Shape(in.get(0), in.get(1), (in.get(2) + 1) / 2, (in.get(3) + 1) / 2);
        return coarse.featureFlops(half) + Flops.of(front, in)
                + Flops.of(back, new Shape(in.get(0), ngf * 2L, half.get(2), half.get(3)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape half = new Shape(in.get(0), in.get(1), (in.get(2) + 1) / 2, (in.get(3) + 1) / 2);
        coarse.initialize(manager, dataType, half);
        front.initialize(manager, dataType, in);
        back.initialize(manager, dataType, new Shape(in.get(0), ngf * 2L, half.get(2), half.get(3)));
        toRgb.initialize(manager, dataType, featureShape(in));
    }
}
