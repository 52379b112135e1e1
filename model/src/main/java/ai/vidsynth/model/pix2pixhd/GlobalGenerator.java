package ai.vidsynth.model.pix2pixhd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.nn.Flops;
import ai.vidsynth.model.nn.Layers;

/**
 * pix2pixHD's global generator G1, in the paper's order: pad 3, 7x7 conv (ngf), norm, ReLU;
 * {@code nDownsample} stride-2 convs doubling channels; {@code nBlocks} residual blocks; {@code nDownsample}
 * transposed convs halving channels; pad 3, 7x7 conv to RGB, tanh.
 */
public class GlobalGenerator extends ImageGenerator {

    private final SequentialBlock trunk;
    private final int ngf;

    public GlobalGenerator(int ngf, int nDownsample, int nBlocks) {
        this(ngf, nDownsample, nBlocks, Layers.Upsampling.TRANSPOSED);
    }

    public GlobalGenerator(int ngf, int nDownsample, int nBlocks, Layers.Upsampling upsampling) {
        this.ngf = ngf;
        SequentialBlock t = new SequentialBlock().add(Layers.labelFront7x7(ngf));
        for (int i = 0; i < nDownsample; i++) {
            t.add(Layers.down(ngf << (i + 1)));
        }
        for (int i = 0; i < nBlocks; i++) {
            t.add(Layers.residual(ngf << nDownsample));
        }
        for (int i = nDownsample; i > 0; i--) {
            t.add(Layers.up(ngf << (i - 1), upsampling));
        }
        trunk = addChildBlock("trunk", t);
        addChildBlock("toRgb", toRgb);
    }

    @Override
    public NDArray features(ParameterStore store, NDArray input, boolean training) {
        return trunk.forward(store, new NDList(input), training).singletonOrThrow();
    }

    @Override
    public Shape featureShape(Shape in) {
        return new Shape(in.get(0), ngf, in.get(2), in.get(3));
    }

    @Override
    public long featureFlops(Shape in) {
        return Flops.of(trunk, in);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        trunk.initialize(manager, dataType, inputShapes[0]);
        toRgb.initialize(manager, dataType, featureShape(inputShapes[0]));
    }
}
