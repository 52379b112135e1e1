package ai.vidsynth.model.vid2vid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.nn.DensePath;
import ai.vidsynth.model.nn.Flops;
import ai.vidsynth.model.nn.Layers;
import ai.vidsynth.model.nn.ReflectionPad2d;
import ai.vidsynth.model.nn.Scalars;
import java.util.List;

/**
 * vid2vid's sequential generator, in the paper's order: a label encoder (tG label frames) and an image
 * encoder (tG - 1 past generated frames) whose outputs are summed; then two branches, each with its own
 * residual blocks as in NVIDIA's reference code: an image branch (upsampling to the hallucinated frame h_t,
 * the occlusion mask m_t and, for foreground classes, a foreground frame f_t) and a flow branch (upsampling
 * to the flow w_t), which only the flow and warp losses train.
 * <p>Input: NDList(labels (N, tG * (labels + 1), H, W), past images (N, (tG - 1) * 3, H, W)).
 * Output: NDList(h_t, f_t (or h_t again without fg/bg), w_t (N, 2, H, W) in pixels, m_t (N, 1, H, W)).
 * The foreground frame is a second 7x7 RGB output on the image head's features (a design choice that
 * saves a second upsampling stack; said in the model card).
 */
public final class SequentialGenerator extends FrameGenerator {

    private static final byte VERSION = 3;

    private final Vid2VidConfig config;
    private final SequentialBlock labelEncoder;
    private final LabelEmbedding embedding;
    private final SequentialBlock imageEncoder;
    private final SequentialBlock imageRes;
    private final SequentialBlock flowRes;
    private final SequentialBlock imageUp;
    private final SequentialBlock toImage;
    private final SequentialBlock toForeground;
    private final SequentialBlock flowUp;
    private final SequentialBlock toFlow;
    private final SequentialBlock toMask;
    private final Parameter pastGate;

    public SequentialGenerator(Vid2VidConfig c) {
        super(VERSION);
        this.config = c;
        embedding = c.labelEmbedding() > 0 ? new LabelEmbedding(c.tG(), c.labelEmbedding()) : null;
        labelEncoder = addChildBlock("labelEncoder", embedding != null
                ? new SequentialBlock().add(embedding)
                        .addAll(encoder(c, Layers.front7x7(c.ngf())).getChildren().values())
                : encoder(c, Layers.labelFront7x7(c.ngf())));
        imageEncoder = addChildBlock("imageEncoder", encoder(c, Layers.front7x7(c.ngf())));
        imageRes = addChildBlock("imageRes", residuals(c, c.nBlocks()));
        // The flow branch's own blocks: with blocks shared with the image branch (as first built here), every
        // adversarial update of the image path moved the flow too, and the flow loss rose tenfold in 400 steps.
        flowRes = addChildBlock("flowRes", residuals(c, c.nFlowBlocks()));
        imageUp = addChildBlock("imageUp", decoder(c));
        toImage = addChildBlock("toImage", Layers.toRgb());
        toForeground = addChildBlock("toForeground", Layers.toRgb());
        flowUp = addChildBlock("flowUp", decoder(c));
        toFlow = addChildBlock("toFlow", new SequentialBlock().add(ReflectionPad2d.block(3)).add(Layers.conv(2, 7, 1, 0)));
        toMask = addChildBlock("toMask", new SequentialBlock().add(ReflectionPad2d.block(3)).add(Layers.conv(1, 7, 1, 0))
                .add(Activation.sigmoidBlock()));
        // The past frames' features enter through a learned scalar gate that starts at zero (as ReZero does
        // for residual branches): a warm-started generator then begins exactly as the pix2pixHD image path,
        // instead of having a freshly initialized encoder's features added on top of G1's. Measured: without
        // the gate the warm start's first hundreds of steps went to undoing that noise, the discriminators won
        // and the fed-back frames darkened.
        pastGate = addParameter(Parameter.builder().setName("pastGate").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1)).optInitializer(new ConstantInitializer(0f)).build());
        setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
    }

    private static SequentialBlock encoder(Vid2VidConfig c, SequentialBlock front) {
        SequentialBlock e = new SequentialBlock().add(front);
        for (int i = 0; i < c.nDownsample(); i++) {
            e.add(Layers.down(c.ngf() << (i + 1)));
        }
        return e;
    }

    private static SequentialBlock residuals(Vid2VidConfig c, int n) {
        SequentialBlock res = new SequentialBlock();
        for (int i = 0; i < n; i++) {
            res.add(Layers.residual(c.ngf() << c.nDownsample()));
        }
        return res;
    }

    private static SequentialBlock decoder(Vid2VidConfig c) {
        SequentialBlock d = new SequentialBlock();
        for (int i = c.nDownsample(); i > 0; i--) {
            d.add(Layers.up(c.ngf() << (i - 1)));
        }
        return d;
    }

    /**
     * The parameters of the path that paints the hallucinated frame, in the order of pix2pixHD's global
     * generator (front, downsamplings, residual blocks, upsamplings, RGB layer): what {@link WarmStart} fills.
     */
    List<Parameter> imagePath() {
        return WarmStart.parameters(labelEncoder, imageRes, imageUp, toImage);
    }

    /** The real-time model's label embedding; null where the labels go straight into the 7x7 convolution. */
    LabelEmbedding labelEmbedding() {
        return embedding;
    }

    /** The foreground frame's RGB layer (same shape as the image head's). */
    List<Parameter> foregroundRgb() {
        return WarmStart.parameters(toForeground);
    }

    @Override
    public Vid2VidConfig config() {
        return config;
    }

    @Override
    public NDList inputs(NDManager m, List<LabelFrame> window, List<NDArray> past) {
        SequenceInputs in = new SequenceInputs(config);
        return new NDList(in.labels(m, window), in.pastImages(past));
    }

    @Override
    public NDList inferenceInputs(NDManager m, List<LabelFrame> window, List<NDArray> past) {
        if (embedding == null || DensePath.on()) {
            return inputs(m, window, past);
        }
        return new NDList(embedding.lookup(m, window), new SequenceInputs(config).pastImages(past));
    }

    @Override
    public Shape[] inputShapes(long batch, int width, int height) {
        return new Shape[] {new Shape(batch, labelChannels(), height, width), new Shape(batch, imageChannels(), height, width)};
    }

    public int labelChannels() {
        return config.tG() * config.semanticChannels();
    }

    public int imageChannels() {
        return (config.tG() - 1) * 3;
    }

    /**
     * What the generator gives for a frame, by name (DJL's forward returns them as a list, in this order; without the
     * flow where the flow branch did not run, see {@link #flowBranchRuns}): {@code flow} is then null.
     */
    public record Outputs(NDArray hallucinated, NDArray foreground, NDArray flow, NDArray mask) {

        public static Outputs of(NDList out) {
            return out.size() == 3 ? new Outputs(out.get(0), out.get(1), null, out.get(2)) : new Outputs(out.get(0), out.get(1), out.get(2), out.get(3));
        }
    }

    /**
     * Whether a forward pass runs the flow branch (residual blocks, upsampling, flow head). A model that carries its
     * frames by the label maps' flow ({@link Vid2VidConfig.FlowSource#LABELS}) has no use for it at inference; in
     * training it still learns (its losses keep it a flow another runtime setting can use). The branch is 15% of
     * the default model's convolutions: 3.5 of 23.5 GFLOP a frame at 256x128.
     */
    boolean flowBranchRuns(boolean training) {
        return training || config.flow() != Vid2VidConfig.FlowSource.LABELS;
    }

    /**
     * One step: {@code labels} the tG label maps of the window (oldest first, on channels), {@code past} the tG - 1
     * previous frames.
     */
    public Outputs generate(ParameterStore store, NDArray labels, NDArray past, boolean training) {
        return Outputs.of(forward(store, new NDList(labels, past), training));
    }

    /**
     * What this generator gives the finer scale of a coarse-to-fine generator: the image branch's last features (ngf
     * channels at this scale's full resolution, before the heads), the flow in this scale's pixels, and the mask.
     */
    public record Coarse(NDArray imageFeatures, NDArray flow, NDArray mask) {}

    /** This scale's share of a coarse-to-fine step, on {@link #inputs}; the flow null where the branch did not run. */
    public Coarse coarse(ParameterStore store, NDArray labels, NDArray past, boolean training) {
        Branches b = branches(store, labels, past, training, flowBranchRuns(training));
        return new Coarse(b.imageFeatures(), b.flow(), run(toMask, store, b.imageFeatures(), training));
    }

    private record Branches(NDArray imageFeatures, NDArray flow) {}

    private Branches branches(ParameterStore store, NDArray labels, NDArray past, boolean training, boolean withFlow) {
        NDArray gate = store.getValue(pastGate, labels.getDevice(), training);
        NDArray features = run(labelEncoder, store, labels, training).add(run(imageEncoder, store, past, training).mul(gate));
        NDArray imageFeatures = run(imageUp, store, run(imageRes, store, features, training), training);
        if (!withFlow) {
            return new Branches(imageFeatures, null);
        }
        NDArray flowFeatures = run(flowUp, store, run(flowRes, store, features, training), training);
        return new Branches(imageFeatures, Scalars.times(run(toFlow, store, flowFeatures, training), config.flowScale()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Branches b = branches(store, inputs.get(0), inputs.get(1), training, flowBranchRuns(training));
        NDArray imageFeatures = b.imageFeatures();
        NDArray flow = b.flow();
        if (!training && !DensePath.on()) {
            NDList heads = imageHeads(store, imageFeatures);
            return flow == null ? heads : new NDList(heads.get(0), heads.get(1), flow, heads.get(2));
        }
        NDArray hallucinated = run(toImage, store, imageFeatures, training);
        NDArray foreground = config.useForeground() ? run(toForeground, store, imageFeatures, training) : hallucinated;
        // The mask reads the image branch's features: on the flow branch's (NVIDIA's choice) the adversarial
        // gradient that trains the mask moved the shared flow features too, and the flow loss rose from 52 to
        // 95 in 30 steps even with the flow itself cut off from the adversarial losses.
        NDArray mask = run(toMask, store, imageFeatures, training);
        return flow == null ? new NDList(hallucinated, foreground, mask) : new NDList(hallucinated, foreground, flow, mask);
    }

    /**
     * At inference the image branch's three heads (h_t, f_t, m_t: each a reflection pad and a 7x7 convolution over
     * the same features) as one pad and one convolution with their kernels stacked, 7 output channels instead of
     * 3 + 3 + 1: the same sums per output channel. Measured by {@code bench --profile} on the real-time model: the
     * three padded copies and three thin convolutions were 17 ms a frame at full resolution, under load.
     */
    private NDList imageHeads(ParameterStore store, NDArray features) {
        List<SequentialBlock> heads = config.useForeground() ? List.of(toImage, toForeground, toMask) : List.of(toImage, toMask);
        NDManager m = features.getManager();
        NDList kernels = new NDList();
        NDList biases = new NDList();
        for (SequentialBlock head : heads) {
            Block conv = head.getChildren().valueAt(1);
            // views in the frame's manager: an op's result joins its first operand's manager
            kernels.add(store.getValue(conv.getParameters().get("weight"), features.getDevice(), false).get(m, new NDIndex("...")));
            biases.add(store.getValue(conv.getParameters().get("bias"), features.getDevice(), false).get(m, new NDIndex("...")));
        }
        NDArray out = ai.djl.nn.convolutional.Conv2d.conv2d(ReflectionPad2d.applyInPlace(features, 3), NDArrays.concat(kernels, 0),
                NDArrays.concat(biases, 0), new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
        NDArray hallucinated = out.get(new NDIndex(":, 0:3")).tanh();
        NDArray foreground = config.useForeground() ? out.get(new NDIndex(":, 3:6")).tanh() : hallucinated;
        NDArray mask = Activation.sigmoid(out.get(new NDIndex(":, " + (out.getShape().get(1) - 1) + ":")));
        return new NDList(hallucinated, foreground, mask);
    }

    private static NDArray run(SequentialBlock b, ParameterStore store, NDArray x, boolean training) {
        return b.forward(store, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape labels = inputShapes[0];
        Shape past = inputShapes[1];
        labelEncoder.initialize(manager, dataType, labels);
        imageEncoder.initialize(manager, dataType, past);
        Shape bottom = labelEncoder.getOutputShapes(new Shape[] {labels})[0];
        imageRes.initialize(manager, dataType, bottom);
        flowRes.initialize(manager, dataType, bottom);
        imageUp.initialize(manager, dataType, bottom);
        flowUp.initialize(manager, dataType, bottom);
        Shape top = new Shape(labels.get(0), config.ngf(), labels.get(2), labels.get(3));
        toImage.initialize(manager, dataType, top);
        toForeground.initialize(manager, dataType, top);
        toFlow.initialize(manager, dataType, top);
        // The flow starts at zero, so the first warps are the identity: with the normal(0, 0.02) init the
        // flow head began at +-80 px, the first gradients were in the millions and training went to NaN.
        for (Pair<String, Parameter> p : toFlow.getParameters()) {
            p.getValue().getArray().muli(0f);
        }
        toMask.initialize(manager, dataType, top);
    }

    /** The convolutions' FLOPs of one inference step, wired as {@link #forwardInternal} and {@link #initializeChildBlocks}. */
    @Override
    public long flops(Shape... inputs) {
        Shape labels = inputs[0];
        Shape bottom = labelEncoder.getOutputShapes(new Shape[] {labels})[0];
        Shape top = new Shape(labels.get(0), config.ngf(), labels.get(2), labels.get(3));
        long sum = Flops.of(labelEncoder, labels) + Flops.of(imageEncoder, inputs[1]);
        for (SequentialBlock b : List.of(imageRes, imageUp)) {
            sum += Flops.of(b, bottom);
        }
        for (SequentialBlock b : config.useForeground() ? List.of(toImage, toForeground, toMask) : List.of(toImage, toMask)) {
            sum += Flops.of(b, top);
        }
        return sum + (flowBranchRuns(false) ? flowFlops(bottom, top) : 0);
    }

    private long flowFlops(Shape bottom, Shape top) {
        return Flops.of(flowRes, bottom) + Flops.of(flowUp, bottom) + Flops.of(toFlow, top);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 3, s.get(2), s.get(3)), new Shape(s.get(0), 3, s.get(2), s.get(3)),
                new Shape(s.get(0), 2, s.get(2), s.get(3)), new Shape(s.get(0), 1, s.get(2), s.get(3))};
    }
}
