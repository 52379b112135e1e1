package ai.vidsynth.model.vid2vid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import ai.vidsynth.model.labels.LabelEncoder;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.nn.Flops;
import ai.vidsynth.model.nn.Layers;
import ai.vidsynth.model.nn.Resample;
import ai.vidsynth.model.nn.Scalars;
import java.util.ArrayList;
import java.util.List;

/**
 * vid2vid coarse to fine (the paper's spatially multi-scale generator, as pix2pixHD's local enhancer is to its global
 * generator): the one-scale {@link SequentialGenerator} runs on the window at half resolution; a finer scale at full
 * resolution encodes this frame's labels and the past frames, adds the coarse scale's last image features, and paints
 * the hallucinated and foreground frames with its own residual blocks, upsampling and RGB heads. The flow and the
 * occlusion mask are the coarse scale's, upsampled bilinearly (the flow's pixels doubled): both are smooth fields, and
 * the finer scale's job is the detail that half resolution cannot hold, which is where the one-scale model is soft.
 * NVIDIA's code gives every scale its own flow and mask branches; here they would double the finer scale's cost for
 * fields the coarse scale already estimates (a choice said in the model card).
 * <p>Inputs ({@link #inputs}): this frame's labels (N, labels + 1, H, W), the past frames (N, (tG - 1) * 3, H, W), and
 * the coarse scale's inputs at (H / 2, W / 2): the window's labels resized nearest and the past frames box-averaged.
 * Outputs as {@link SequentialGenerator}'s, at full resolution.
 */
public final class CoarseToFineGenerator extends FrameGenerator {

    private static final byte VERSION = 1;

    private final Vid2VidConfig config;
    private final SequentialGenerator coarse;
    private final LocalScale local;

    public CoarseToFineGenerator(Vid2VidConfig c) {
        super(VERSION);
        if (c.local() == null) {
            throw new IllegalArgumentException("a coarse-to-fine generator needs a local scale in its sizes");
        }
        this.config = c;
        coarse = addChildBlock("coarse", new SequentialGenerator(c.withLocal(null)));
        local = addChildBlock("local", new LocalScale(c));
    }

    @Override
    public Vid2VidConfig config() {
        return config;
    }

    /** The coarse scale: a one-scale generator of the sizes without the local scale (its weights ship on their own). */
    public SequentialGenerator coarseScale() {
        return coarse;
    }

    /** The finer scale's own blocks (its weights ship on their own). */
    public Block localScale() {
        return local;
    }

    @Override
    public NDList inputs(NDManager m, List<LabelFrame> window, List<NDArray> past) {
        LabelFrame now = window.get(window.size() - 1);
        List<LabelFrame> halfWindow = new ArrayList<>();
        for (LabelFrame f : window) {
            halfWindow.add(f.resizedNearest(f.width() / 2, f.height() / 2));
        }
        List<NDArray> halfPast = new ArrayList<>();
        for (NDArray p : past) {
            halfPast.add(Resample.downBox2x(p));
        }
        NDList coarseIn = coarse.inputs(m, halfWindow, halfPast);
        return new NDList(new LabelEncoder(config.labels()).encode(m, now), NDArrays.concat(new NDList(past), 1), coarseIn.get(0),
                coarseIn.get(1));
    }

    @Override
    public Shape[] inputShapes(long batch, int width, int height) {
        Shape[] half = coarse.inputShapes(batch, width / 2, height / 2);
        return new Shape[] {new Shape(batch, config.semanticChannels(), height, width), new Shape(batch, coarse.imageChannels(), height, width),
                half[0], half[1]};
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        SequentialGenerator.Coarse c = coarse.coarse(store, inputs.get(2), inputs.get(3), training);
        NDList painted = local.forward(store, new NDList(inputs.get(0), inputs.get(1), c.imageFeatures()), training);
        NDArray mask = Resample.upBilinear2x(c.mask());
        if (c.flow() == null) {
            return new NDList(painted.get(0), painted.get(1), mask);
        }
        NDArray flow = Scalars.times(Resample.upBilinear2x(c.flow()), 2f);
        return new NDList(painted.get(0), painted.get(1), flow, mask);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        coarse.initialize(manager, dataType, inputShapes[2], inputShapes[3]);
        local.initialize(manager, dataType, inputShapes[0], inputShapes[1],
                new Shape(inputShapes[0].get(0), config.ngf(), inputShapes[2].get(2), inputShapes[2].get(3)));
    }

    @Override
    public long flops(Shape... inputs) {
        return coarse.flops(inputs[2], inputs[3]) + local.flops(inputs[0], inputs[1]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 3, s.get(2), s.get(3)), new Shape(s.get(0), 3, s.get(2), s.get(3)),
                new Shape(s.get(0), 2, s.get(2), s.get(3)), new Shape(s.get(0), 1, s.get(2), s.get(3))};
    }

    /**
     * The finer scale, laid out as pix2pixHD's local enhancer so that a trained one fills it ({@link WarmStart}): a front
     * on this frame's labels (7x7 convolution, one downsampling to the coarse scale's features), the past frames'
     * front of the same shape entering through a gate that starts at zero (as the one-scale generator's), then residual
     * blocks, one upsampling and the RGB heads.
     * <p>Input: NDList(labels, past frames, coarse image features); output: NDList(hallucinated, foreground).
     */
    static final class LocalScale extends AbstractBlock implements Flops.Counted {

        private final Vid2VidConfig config;
        private final SequentialBlock labelFront;
        private final SequentialBlock pastFront;
        private final SequentialBlock back;
        private final SequentialBlock toImage;
        private final SequentialBlock toForeground;
        private final Parameter pastGate;

        LocalScale(Vid2VidConfig c) {
            super(VERSION);
            this.config = c;
            int ngf = c.local().ngf();
            labelFront = addChildBlock("labelFront", new SequentialBlock().add(Layers.labelFront7x7(ngf)).add(Layers.down(ngf * 2)));
            pastFront = addChildBlock("pastFront", new SequentialBlock().add(Layers.front7x7(ngf)).add(Layers.down(ngf * 2)));
            SequentialBlock b = new SequentialBlock();
            for (int i = 0; i < c.local().nBlocks(); i++) {
                b.add(Layers.residual(ngf * 2));
            }
            back = addChildBlock("back", b.add(Layers.up(ngf)));
            toImage = addChildBlock("toImage", Layers.toRgb());
            toForeground = addChildBlock("toForeground", Layers.toRgb());
            pastGate = addParameter(Parameter.builder().setName("pastGate").setType(Parameter.Type.OTHER)
                    .optShape(new Shape(1)).optInitializer(new ConstantInitializer(0f)).build());
            setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
        }

        /** The parameters in the order of a local enhancer's front, back and RGB layer: what {@link WarmStart} fills. */
        List<Parameter> imagePath() {
            return WarmStart.parameters(labelFront, back, toImage);
        }

        List<Parameter> foregroundRgb() {
            return WarmStart.parameters(toForeground);
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray gate = store.getValue(pastGate, inputs.get(0).getDevice(), training);
            NDArray features = run(labelFront, store, inputs.get(0), training)
                    .add(run(pastFront, store, inputs.get(1), training).mul(gate)).add(inputs.get(2));
            NDArray top = run(back, store, features, training);
            NDArray hallucinated = run(toImage, store, top, training);
            NDArray foreground = config.useForeground() ? run(toForeground, store, top, training) : hallucinated;
            return new NDList(hallucinated, foreground);
        }

        private static NDArray run(SequentialBlock b, ParameterStore store, NDArray x, boolean training) {
            return b.forward(store, new NDList(x), training).singletonOrThrow();
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            labelFront.initialize(manager, dataType, inputShapes[0]);
            pastFront.initialize(manager, dataType, inputShapes[1]);
            back.initialize(manager, dataType, inputShapes[2]);
            Shape top = new Shape(inputShapes[0].get(0), config.local().ngf(), inputShapes[0].get(2), inputShapes[0].get(3));
            toImage.initialize(manager, dataType, top);
            toForeground.initialize(manager, dataType, top);
        }

        @Override
        public long flops(Shape... inputs) {
            Shape bottom = labelFront.getOutputShapes(new Shape[] {inputs[0]})[0];
            Shape top = new Shape(inputs[0].get(0), config.local().ngf(), inputs[0].get(2), inputs[0].get(3));
            return Flops.of(labelFront, inputs[0]) + Flops.of(pastFront, inputs[1]) + Flops.of(back, bottom) + Flops.of(toImage, top)
                    + (config.useForeground() ? Flops.of(toForeground, top) : 0);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape s = inputShapes[0];
            Shape rgb = new Shape(s.get(0), 3, s.get(2), s.get(3));
            return new Shape[] {rgb, rgb};
        }
    }
}
