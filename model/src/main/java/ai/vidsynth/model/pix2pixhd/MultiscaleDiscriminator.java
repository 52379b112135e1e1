package ai.vidsynth.model.pix2pixhd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import ai.vidsynth.model.nn.ExclusiveAvgPool;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code numD} PatchGAN discriminators on an image pyramid (each scale halved by 3x3 average pooling with
 * count_include_pad false), each fed the conditioning maps and the image concatenated on channels.
 * The output NDList is every scale's layer outputs, scale by scale; {@link #byScale} splits it again.
 */
public class MultiscaleDiscriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<NLayerDiscriminator> scales = new ArrayList<>();

    public MultiscaleDiscriminator(int ndf, int nLayers, int numD) {
        super(VERSION);
        for (int i = 0; i < numD; i++) {
            scales.add(addChildBlock("scale" + i, new NLayerDiscriminator(ndf, nLayers)));
        }
        setInitializer(new NormalInitializer(Generators.INIT_SIGMA), Parameter.Type.WEIGHT);
    }

    public static MultiscaleDiscriminator of(Pix2PixHDConfig c) {
        return new MultiscaleDiscriminator(c.ndf(), c.nLayersD(), c.numD());
    }

    /** Discriminates {@code image} given the conditioning {@code semantics}. */
    public List<NDList> judge(ParameterStore store, NDArray semantics, NDArray image, boolean training) {
        NDList flat = forward(store, new NDList(NDArrays.concat(new NDList(semantics, image), 1)), training);
        return byScale(flat);
    }

    public List<NDList> byScale(NDList flat) {
        List<NDList> out = new ArrayList<>();
        int per = scales.get(0).outputs();
        for (int i = 0; i < scales.size(); i++) {
            out.add(new NDList(flat.subList(i * per, (i + 1) * per)));
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList out = new NDList();
        NDArray x = inputs.singletonOrThrow();
        for (int i = 0; i < scales.size(); i++) {
            out.addAll(scales.get(i).forward(store, new NDList(x), training));
            if (i + 1 < scales.size()) {
                x = ExclusiveAvgPool.halve(x);
            }
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (NLayerDiscriminator d : scales) {
            d.initialize(manager, dataType, s);
            s = new Shape(s.get(0), s.get(1), (s.get(2) + 1) / 2, (s.get(3) + 1) / 2);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> out = new ArrayList<>();
        Shape s = inputShapes[0];
        for (NLayerDiscriminator d : scales) {
            out.addAll(List.of(d.getOutputShapes(new Shape[] {s})));
            s = new Shape(s.get(0), s.get(1), (s.get(2) + 1) / 2, (s.get(3) + 1) / 2);
        }
        return out.toArray(new Shape[0]);
    }
}
