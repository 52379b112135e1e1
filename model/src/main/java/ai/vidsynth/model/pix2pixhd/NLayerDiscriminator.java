package ai.vidsynth.model.pix2pixhd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.vidsynth.model.nn.InstanceNorm2d;
import ai.vidsynth.model.nn.Layers;
import java.util.ArrayList;
import java.util.List;

/**
 * A PatchGAN discriminator as in pix2pixHD: 4x4 convs, padding 2; the first without norm; {@code nLayers}
 * stride-2 layers doubling filters (at most 512); one stride-1 layer; a stride-1 conv to one channel.
 * Returns every layer's output (the last is the patch prediction), for feature matching.
 */
public class NLayerDiscriminator extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float SLOPE = 0.2f;

    private final List<SequentialBlock> layers = new ArrayList<>();

    public NLayerDiscriminator(int ndf, int nLayers) {
        super(VERSION);
        add(new SequentialBlock().add(Layers.conv(ndf, 4, 2, 2)).add(Activation.leakyReluBlock(SLOPE)));
        int nf = ndf;
        for (int i = 1; i < nLayers; i++) {
            nf = Math.min(nf * 2, 512);
            add(normalized(Layers.conv(nf, 4, 2, 2)));
        }
        nf = Math.min(nf * 2, 512);
        add(normalized(Layers.conv(nf, 4, 1, 2)));
        add(new SequentialBlock().add(Layers.conv(1, 4, 1, 2)));
    }

    private static SequentialBlock normalized(ai.djl.nn.Block conv) {
        return new SequentialBlock().add(conv).add(InstanceNorm2d.block()).add(Activation.leakyReluBlock(SLOPE));
    }

    private void add(SequentialBlock layer) {
        layers.add(addChildBlock("layer" + layers.size(), layer));
    }

    public int outputs() {
        return layers.size();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList out = new NDList();
        NDArray x = inputs.singletonOrThrow();
        for (SequentialBlock layer : layers) {
            x = layer.forward(store, new NDList(x), training).singletonOrThrow();
            out.add(x);
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (SequentialBlock layer : layers) {
            layer.initialize(manager, dataType, s);
            s = layer.getOutputShapes(new Shape[] {s})[0];
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[layers.size()];
        Shape s = inputShapes[0];
        for (int i = 0; i < layers.size(); i++) {
            s = layers.get(i).getOutputShapes(new Shape[] {s})[0];
            out[i] = s;
        }
        return out;
    }
}
