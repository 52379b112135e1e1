package ai.vidsynth.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.vidsynth.model.flow.LabelFlow;
import ai.vidsynth.model.image.ImageTensors;
import ai.vidsynth.model.labels.LabelEncoder;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.nn.Scalars;
import ai.vidsynth.model.nn.Warp;
import ai.vidsynth.model.pix2pixhd.GanLosses;
import ai.vidsynth.model.pix2pixhd.GlobalGenerator;
import ai.vidsynth.model.pix2pixhd.MultiscaleDiscriminator;
import ai.vidsynth.model.runtime.ModelCard;
import ai.vidsynth.model.runtime.Pix2PixHDRuntime;
import ai.vidsynth.model.pix2pixhd.LocalEnhancer;
import ai.vidsynth.model.vid2vid.CoarseToFineGenerator;
import ai.vidsynth.model.vid2vid.Composition;
import ai.vidsynth.model.vid2vid.FrameGenerator;
import ai.vidsynth.model.vid2vid.SequenceInputs;
import ai.vidsynth.model.vid2vid.SequentialGenerator;
import ai.vidsynth.model.vid2vid.Vid2VidConfig;
import ai.vidsynth.model.vid2vid.WarmStart;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * vid2vid training on recorded sequences. Each step takes a window of a sequence: its first tG - 1 real
 * frames start the past, then {@code framesPerStep} frames are generated one after another, each fed back
 * as a past frame for the next (truncated backpropagation through the window, as in the paper). Losses per
 * generated frame: image discriminator (LSGAN + feature matching), flow loss against Farneback flow of the
 * real frames, warp loss (the predicted flow must carry the real previous frame onto the real current one:
 * self-supervised); the adversarial losses reach the mask and the image branch, not the flow. Per window: temporal discriminator on K consecutive frames and their real flows, at
 * frame skips 1, 2, ... Adam 2e-4, beta1 0.5, linear decay over the second half.
 */
public final class Vid2VidTrainer {

    /**
     * What to train. {@code lambdaL1} weighs an L1 loss between each generated frame and the sequence's frame: 0 for
     * the paper's training on camera frames; with a teacher's frames as the sequence it is distillation
     * ({@link Vid2VidDistillation}). Without {@code adversarial} the discriminators are neither run nor trained.
     * {@code lambdaConsistency} weighs NVIDIA's generator warp loss: each generated frame against the previous
     * generated frame carried along the real frames' flow, where that flow explains the real frames (see
     * {@link #CONFIDENT_WARP_ERROR}). {@code trainOnly} names the generator's parts that learn (its child blocks, as
     * {@code toMask}, or {@code pastGate}; a coarse-to-fine generator's are {@code coarse} and {@code local}); empty: all
     * of it. {@code coarseModel}: for a coarse-to-fine generator, the one-scale vid2vid model that fills its coarse scale
     * at the start ({@code initFrom} then names the pix2pixHD local-enhancer model for its finer scale).
     * {@code lambdaEdges} weighs {@link #edgeEnergy}'s L1 between each generated frame's and the camera frame's.
     */
    public record Options(Vid2VidConfig config, int width, int height, int steps, int framesPerStep, Path runDir,
            long seed, float learningRate, float discriminatorLrScale, float lambdaFeature, float lambdaFlow, float lambdaWarp,
            int checkpointEvery, int logEvery, Path initFrom, int sessionSteps, float lambdaL1, boolean adversarial,
            float lambdaConsistency, Set<String> trainOnly, Path coarseModel, float lambdaEdges, float lambdaGrid, int maxStride,
            float cameraMotionShare, int burnIn, float lambdaBlend, int discriminatorWarmup) {

        public Options {
            trainOnly = Set.copyOf(trainOnly);
        }

        /**
         * Options for a run of {@code config} at {@code width} x {@code height}, starting as the paper's training:
         * adversarial, feature matching (10), flow (10) and warp (10) losses, Adam at 2e-4 for generator and
         * discriminators, three generated frames a window, no L1, consistency or edge loss; the builder changes what a
         * run changes.
         */
        public static Builder builder(Vid2VidConfig config, int width, int height) {
            return new Builder(config, width, height);
        }

        /** The options with one or more settings changed. */
        public Builder toBuilder() {
            Builder b = new Builder(config, width, height);
            b.steps = steps;
            b.framesPerStep = framesPerStep;
            b.runDir = runDir;
            b.seed = seed;
            b.learningRate = learningRate;
            b.discriminatorLrScale = discriminatorLrScale;
            b.lambdaFeature = lambdaFeature;
            b.lambdaFlow = lambdaFlow;
            b.lambdaWarp = lambdaWarp;
            b.checkpointEvery = checkpointEvery;
            b.logEvery = logEvery;
            b.initFrom = initFrom;
            b.sessionSteps = sessionSteps;
            b.lambdaL1 = lambdaL1;
            b.adversarial = adversarial;
            b.lambdaConsistency = lambdaConsistency;
            b.trainOnly = trainOnly;
            b.coarseModel = coarseModel;
            b.lambdaEdges = lambdaEdges;
            b.lambdaGrid = lambdaGrid;
            b.maxStride = maxStride;
            b.cameraMotionShare = cameraMotionShare;
            b.burnIn = burnIn;
            b.lambdaBlend = lambdaBlend;
            b.discriminatorWarmup = discriminatorWarmup;
            return b;
        }

        /**
         * Named settings instead of 22 positional ones: two trainers and the tests set different few of them, and a
         * record constructor of 22 floats, ints and paths let a swapped pair compile.
         */
        public static final class Builder {
            private final Vid2VidConfig config;
            private final int width;
            private final int height;
            private int steps = 1500;
            private int framesPerStep = 3;
            private Path runDir;
            private long seed = 11;
            private float learningRate = 2e-4f;
            private float discriminatorLrScale = 1f;
            private float lambdaFeature = 10f;
            private float lambdaFlow = 10f;
            private float lambdaWarp = 10f;
            private int checkpointEvery = 50;
            private int logEvery = 10;
            private Path initFrom;
            private int sessionSteps;
            private float lambdaL1;
            private boolean adversarial = true;
            private float lambdaConsistency;
            private Set<String> trainOnly = Set.of();
            private Path coarseModel;
            private float lambdaEdges;
            private float lambdaGrid;
            private int maxStride = 1;
            private float cameraMotionShare;
            private int burnIn;
            private float lambdaBlend;
            private int discriminatorWarmup;

            private Builder(Vid2VidConfig config, int width, int height) {
                this.config = config;
                this.width = width;
                this.height = height;
            }

            /** Total steps of the run (the learning rate decays over the second half of them). */
            public Builder steps(int v) { steps = v; return this; }
            public Builder framesPerStep(int v) { framesPerStep = v; return this; }
            /** Checkpoints go here and a run resumes from here; null: nothing saved (tests). */
            public Builder runDir(Path v) { runDir = v; return this; }
            public Builder seed(long v) { seed = v; return this; }
            public Builder learningRate(float v) { learningRate = v; return this; }
            public Builder discriminatorLrScale(float v) { discriminatorLrScale = v; return this; }
            public Builder lambdaFeature(float v) { lambdaFeature = v; return this; }
            public Builder lambdaFlow(float v) { lambdaFlow = v; return this; }
            public Builder lambdaWarp(float v) { lambdaWarp = v; return this; }
            public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
            public Builder logEvery(int v) { logEvery = v; return this; }
            public Builder initFrom(Path v) { initFrom = v; return this; }
            public Builder sessionSteps(int v) { sessionSteps = v; return this; }
            public Builder lambdaL1(float v) { lambdaL1 = v; return this; }
            public Builder adversarial(boolean v) { adversarial = v; return this; }
            public Builder lambdaConsistency(float v) { lambdaConsistency = v; return this; }
            public Builder trainOnly(Set<String> v) { trainOnly = v; return this; }
            public Builder coarseModel(Path v) { coarseModel = v; return this; }
            public Builder lambdaEdges(float v) { lambdaEdges = v; return this; }
            public Builder lambdaGrid(float v) { lambdaGrid = v; return this; }
            /**
             * Each step's window takes every s-th frame of its sequence, s drawn from 1 to this (1: every frame, the
             * paper's windows). Made for the flow head, which, trained on 4 sequences, was 4.4 px off the held-out
             * sequence's motion (1-2 px on its own sequences; with the camera frames' flow the same generator was as
             * steady as the camera). Measured (with {@code --mirror}, 400 steps): the error stayed at 4.4 px and the
             * mask learnt to warp less; {@link CameraMotion} did better (docs/eval.md).
             */
            public Builder maxStride(int v) { maxStride = v; return this; }
            /** The share of steps whose window is a still moved by a drawn camera motion ({@link CameraMotion}). */
            public Builder cameraMotionShare(float v) { cameraMotionShare = v; return this; }
            /**
             * Frames each window generates before the frames it learns from, without gradients (0: the paper's windows,
             * whose first generated frame is carried from camera frames). In the stream a frame is carried from the
             * model's own outputs: its sharpness fell frame after frame over the first ten (the shipped default on
             * held-out seq0004: 13.5 at the first frame, 8.5 by the 20th, the camera frames 10.3-11.0 throughout), a
             * state three-frame windows never reach, so neither the losses nor the discriminators saw it.
             */
            public Builder burnIn(int v) { burnIn = v; return this; }
            /**
             * Weight of {@link #blendDisagreement}: where the mask mixes the carried and the painted frame, the two
             * should agree. Blending two textures that do not match lowers the contrast of both (weights 0.75 / 0.25
             * on two independent textures keep 0.79 of it), and the mask mixes: 0.12 on the road to 0.37 on signs for
             * the shipped default on held-out seq0004, whose sharpness fell from 1.31x the camera frames' at the
             * first (pix2pixHD's) frame to 0.85x from frame 10 on, with the label maps' flow as with the camera's.
             */
            public Builder lambdaBlend(float v) { lambdaBlend = v; return this; }
            public Builder discriminatorWarmup(int v) { discriminatorWarmup = v; return this; }

            public Options build() {
                if (cameraMotionShare < 0 || cameraMotionShare > 1) {
                    throw new IllegalArgumentException("the share of camera-motion steps is in [0, 1]: " + cameraMotionShare);
                }
                if (burnIn < 0) {
                    throw new IllegalArgumentException("burn-in frames cannot be negative: " + burnIn);
                }
                if (steps <= 0 || framesPerStep <= 0 || maxStride <= 0) {
                    throw new IllegalArgumentException("steps, frames per step and stride must be positive: " + steps + ", " + framesPerStep
                            + ", " + maxStride);
                }
                if (discriminatorWarmup < 0 || discriminatorWarmup >= steps) {
                    throw new IllegalArgumentException("discriminator warm-up must be 0 to " + (steps - 1) + " steps: " + discriminatorWarmup);
                }
                return new Options(config, width, height, steps, framesPerStep, runDir, seed, learningRate, discriminatorLrScale,
                        lambdaFeature, lambdaFlow, lambdaWarp, checkpointEvery, logEvery, initFrom, sessionSteps, lambdaL1,
                        adversarial, lambdaConsistency, trainOnly, coarseModel, lambdaEdges, lambdaGrid, maxStride, cameraMotionShare, burnIn, lambdaBlend,
                        discriminatorWarmup);
            }
        }
    }

    /**
     * Where the real previous frame carried along the reference flow is within this mean absolute difference of the
     * real frame (images in [-1, 1]), the flow explains the video there and the consistency loss applies; elsewhere
     * (occlusions, new content, flow errors) the generator is free to paint anew. NVIDIA's code weighs by FlowNet2's
     * forward-backward confidence; Farneback gives none, so the real frames' own warp error stands in for it.
     */
    static final float CONFIDENT_WARP_ERROR = 0.1f;

    /** Saved beside the parameters. */
    public record State(Vid2VidConfig config, int width, int height, int steps, int framesPerStep, long step,
            double wallSeconds, Map<String, Double> losses, List<String> sequences, String initializedFrom, String coarseFrom)
            implements TrainingLoop.Saved {}

    /** The generator, the image and temporal discriminators, their optimizers. */
    static final class Networks {
        final Vid2VidConfig config;
        final FrameGenerator g;
        final MultiscaleDiscriminator dImage;
        final MultiscaleDiscriminator dTemporal;
        final LinearDecay lr;
        final LinearDecay lrD;
        final List<Parameter> gParams = new ArrayList<>();
        final List<Parameter> dParams = new ArrayList<>();
        final List<Parameter> allParams = new ArrayList<>();
        final Adam adamG;
        final Adam adamD;
        final GradientGuard guardG = GradientGuard.standard();
        final GradientGuard guardD = GradientGuard.standard();

        Networks(Vid2VidConfig c, int width, int height, float learningRate, float discriminatorLrScale, long steps, NDManager root) {
            this(c, width, height, learningRate, discriminatorLrScale, steps, Set.of(), root);
        }

        Networks(Vid2VidConfig c, int width, int height, float learningRate, float discriminatorLrScale, long steps, Set<String> trainOnly,
                NDManager root) {
            config = c;
            g = FrameGenerator.of(c);
            dImage = new MultiscaleDiscriminator(c.ndf(), c.nLayersD(), c.numD());
            dTemporal = new MultiscaleDiscriminator(c.ndf(), c.nLayersD(), c.numD());
            g.initialize(root, DataType.FLOAT32, g.inputShapes(1, width, height));
            dImage.initialize(root, DataType.FLOAT32, new Shape(1, c.semanticChannels() + 3, height, width));
            dTemporal.initialize(root, DataType.FLOAT32, new Shape(1, temporalChannels(c), height, width));
            lr = new LinearDecay(learningRate, steps);
            lrD = new LinearDecay(learningRate * discriminatorLrScale, steps);
            collectGenerator(g, trainOnly, gParams);
            collect(dImage, dParams);
            collect(dTemporal, dParams);
            allParams.addAll(gParams);
            allParams.addAll(dParams);
            adamG = new Adam(gParams, lr, 0.5f);
            adamD = new Adam(dParams, lrD, 0.5f);
        }

        /**
         * The generator's parameters that learn: all, or those of the named parts. The rest get no gradient: DJL
         * initializes every parameter as needing one, and a frozen coarse scale would otherwise be backpropagated
         * through for nothing.
         */
        private static void collectGenerator(FrameGenerator g, Set<String> trainOnly, List<Parameter> into) {
            if (trainOnly.isEmpty()) {
                collect(g, into);
                return;
            }
            ai.vidsynth.model.nn.NativeArrays.freeze(g);
            Set<String> unknown = new java.util.TreeSet<>(trainOnly);
            for (Pair<String, ai.djl.nn.Block> child : g.getChildren()) {
                String name = child.getKey().replaceFirst("^[0-9]+", "");
                if (unknown.remove(name)) {
                    collect(child.getValue(), into);
                }
            }
            for (Pair<String, Parameter> p : g.getDirectParameters()) {
                if (unknown.remove(p.getKey())) {
                    p.getValue().getArray().setRequiresGradient(true);
                    into.add(p.getValue());
                }
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("the generator has no part named " + unknown);
            }
        }

        private static void collect(ai.djl.nn.Block b, List<Parameter> into) {
            for (Pair<String, Parameter> p : b.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
                into.add(p.getValue());
            }
        }
    }

    /** K frames (3 channels each) and the K - 1 real flows between them (2 channels each). */
    static int temporalChannels(Vid2VidConfig c) {
        return c.temporalFrames() * 3 + (c.temporalFrames() - 1) * 2;
    }

    /** Flows enter the temporal discriminator divided by this, to be of the order of the images. */
    private static final float FLOW_INPUT_SCALE = 1f / 20f;

    private final Options o;
    private final List<TrainingSequence> sequences;
    private final PrintStream log;
    private java.util.function.LongConsumer afterStep = step -> {};
    private List<TrainingExample> stills = List.of();

    public Vid2VidTrainer(Options options, List<TrainingSequence> sequences, PrintStream log) {
        this.o = options;
        this.sequences = sequences;
        this.log = log;
    }

    /** Called after every step with the number of steps done (e.g. to sample memory). */
    public Vid2VidTrainer afterEachStep(java.util.function.LongConsumer hook) {
        this.afterStep = hook;
        return this;
    }

    /**
     * The view of {@code seq} a step's window is drawn from: every frame, or with {@code maxStride} above 1 every s-th
     * frame from a drawn offset, s drawn up to the largest stride at which the sequence still holds a window (no draw
     * at all without striding, so that the windows of runs without it stay what they were).
     */
    TrainingSequence window(TrainingSequence seq, Random r) {
        if (o.maxStride() == 1) {
            return seq;
        }
        int stride = 1 + r.nextInt(o.maxStride());
        while (stride > 1 && (windowLength() - 1) * stride + 1 > seq.size()) {
            stride--;
        }
        // offsets from which a window still fits in the view
        return seq.every(stride, r.nextInt(Math.min(stride, seq.size() - (windowLength() - 1) * stride)));
    }

    /** A window made from a drawn still moved by a drawn camera motion, mirrored half the time. */
    TrainingSequence cameraMotion(Random r) {
        if (stills.isEmpty()) {
            throw new IllegalStateException("camera-motion steps need stills (withStills)");
        }
        TrainingExample still = stills.get(r.nextInt(stills.size()));
        still = r.nextBoolean() ? still.flipped() : still;
        return CameraMotion.sequence(still.name(), still, o.width(), o.height(), windowLength(),
                CameraMotion.Move.draw(r, o.width(), o.height()), 1 << (o.config().temporalScales() - 1));
    }

    /** Labelled stills for camera-motion steps, at a multiple of the training size. */
    public Vid2VidTrainer withStills(List<TrainingExample> stills) {
        this.stills = List.copyOf(stills);
        return this;
    }

    /** Frames a window spans: tG - 1 real past frames plus the generated ones. */
    int windowLength() {
        return o.config().tG() - 1 + o.burnIn() + o.framesPerStep();
    }

    public State run() throws IOException {
        TrainingLoop loop = new TrainingLoop(new TrainingLoop.Settings("vid2vid", o.steps(), o.seed(), o.checkpointEvery(), o.logEvery(),
                o.sessionSteps()), log).afterEachStep(afterStep);
        loop.seed();
        int needed = (o.config().temporalFrames() - 1) * (1 << (o.config().temporalScales() - 1)) + 1;
        if (windowLength() < needed) {
            throw new IllegalArgumentException("a window of " + windowLength() + " frames cannot hold the temporal discriminator's "
                    + needed + "-frame span; raise --frames-per-step");
        }
        try (NDManager root = NDManager.newBaseManager()) {
            Networks n = new Networks(o.config(), o.width(), o.height(), o.learningRate(), o.discriminatorLrScale(), o.steps(), o.trainOnly(),
                    root);
            if (System.getProperty("vidsynth.debug.nonfinite") != null) {
                int i = 0;
                for (Pair<String, Parameter> p : n.g.getParameters()) {
                    System.err.println("generator parameter #" + i++ + " " + p.getKey() + " " + p.getValue().getArray().getShape());
                }
            }
            return loop.train(new Checkpoints(o.runDir()), new TrainingLoop.Model<State>() {
                private String initializedFrom;
                private String coarseFrom;

                @Override
                public Map<String, ai.djl.nn.Block> blocks() {
                    Map<String, ai.djl.nn.Block> b = new LinkedHashMap<>();
                    b.put("G", n.g);
                    b.put("DI", n.dImage);
                    b.put("DT", n.dTemporal);
                    return b;
                }

                @Override
                public void start(State resumed, NDManager root) throws IOException {
                    if (resumed != null) {
                        initializedFrom = resumed.initializedFrom();
                        coarseFrom = resumed.coarseFrom();
                        return;
                    }
                    if (n.g instanceof CoarseToFineGenerator ctf && o.coarseModel() != null) {
                        coarseFrom = continueFrom(ctf.coarseScale(), o.config().withLocal(null), o.coarseModel(), root);
                        log.printf("coarse scale initialized from %s%n", coarseFrom);
                    }
                    if (o.initFrom() != null && ModelCard.read(o.initFrom()).kind().equals(ModelCard.KIND_VID2VID)) {
                        initializedFrom = continueFrom(n.g, o.config(), o.initFrom(), root);
                        log.printf("generator initialized from %s%n", initializedFrom);
                    } else if (o.initFrom() != null) {
                        initializedFrom = warmStart(n.g, o.initFrom(), root);
                        log.printf("image path initialized from %s%n", initializedFrom);
                    }
                }

                @Override
                public Map<String, Adam> optimizers() {
                    return Map.of("adamG", n.adamG, "adamD", n.adamD);
                }

                @Override
                public Map<String, GradientGuard> guards() {
                    return Map.of("generator", n.guardG, "discriminators", n.guardD);
                }

                @Override
                public Map<String, Float> step(NDManager m, long step, Random r) {
                    n.lr.setStep(step);
                    n.lrD.setStep(step);
                    TrainingSequence seq = o.cameraMotionShare() > 0 && r.nextFloat() < o.cameraMotionShare()
                            ? cameraMotion(r)
                            : window(sequences.get(r.nextInt(sequences.size())), r);
                    int first = r.nextInt(seq.size() - windowLength() + 1);
                    return Vid2VidTrainer.step(m, n, seq, first, o, step >= o.discriminatorWarmup());
                }

                @Override
                public State state(TrainingLoop.Progress p, boolean last) {
                    return new State(o.config(), o.width(), o.height(), o.steps(), o.framesPerStep(), p.step(), p.wallSeconds(),
                            p.losses(), sequences.stream().map(TrainingSequence::name).toList(), initializedFrom, coarseFrom);
                }
            }, State.class, root);
        }
    }

    /**
     * Fills the generator's image path from a pix2pixHD model folder: a one-scale generator's from a global generator, a
     * coarse-to-fine generator's finer scale from a local enhancer. Gives that model's id.
     */
    static String warmStart(FrameGenerator g, Path pix2pixhdModel, NDManager root) throws IOException {
        ModelCard card = ModelCard.read(pix2pixhdModel, ModelCard.KIND_PIX2PIXHD);
        try (NDManager scratch = root.newSubManager()) {
            ai.vidsynth.model.pix2pixhd.ImageGenerator loaded = Pix2PixHDRuntime.loadGenerator(pix2pixhdModel, card, scratch);
            if (g instanceof CoarseToFineGenerator ctf) {
                if (!(loaded instanceof LocalEnhancer enhancer) || enhancer.coarse() instanceof LocalEnhancer) {
                    throw new IllegalArgumentException(pix2pixhdModel + " is not a pix2pixHD model with one local enhancer");
                }
                WarmStart.fromLocalEnhancer(ctf, enhancer);
            } else if (loaded instanceof GlobalGenerator g1) {
                WarmStart.fromGlobalGenerator((SequentialGenerator) g, g1);
            } else {
                throw new IllegalArgumentException(pix2pixhdModel + " is not a pix2pixHD global-generator model");
            }
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(e);
        }
        return card.fullId();
    }

    /**
     * Fills the whole generator from a shipped vid2vid model of the same configuration, to go on training it with
     * other settings (longer windows, say); the discriminators and Adam's moments start anew, since a model folder
     * ships only the generator. Gives that model's id.
     */
    static String continueFrom(FrameGenerator g, Vid2VidConfig config, Path vid2vidModel, NDManager root) throws IOException {
        ModelCard card = ModelCard.read(vid2vidModel, ModelCard.KIND_VID2VID);
        // how the model runs (warp, flow source) is not in its weights: a model may go on training to run otherwise
        if (!card.vid2vid().sameSizes(config)) {
            throw new IllegalArgumentException(vid2vidModel + " is a vid2vid of another configuration: " + card.vid2vid() + ", not " + config);
        }
        try {
            ai.vidsynth.model.runtime.Vid2VidRuntime.loadWeights(g, vid2vidModel, card, root);
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(e);
        }
        return card.fullId();
    }

    /**
     * One generator and one discriminator update on the window of {@code seq} starting at {@code first}; the
     * generator's update left out where {@code generatorLearns} is false (its losses are still computed and logged):
     * the discriminators' warm-up of a run that starts from a shipped generator.
     */
    static Map<String, Float> step(NDManager m, Networks n, TrainingSequence seq, int first, Options o, boolean generatorLearns) {
        Vid2VidConfig c = n.config;
        SequenceInputs inputs = new SequenceInputs(c);
        LabelEncoder encoder = new LabelEncoder(c.labels());
        ParameterStore store = new ParameterStore(m, false);
        int past = c.tG() - 1;
        int start = past + o.burnIn();
        int length = start + o.framesPerStep();
        // the consistency loss measures against the camera frames' flow with sub-pixel warps even where the model
        // itself carries its frames by whole pixels (a half-pixel misplacement is not what it is meant to penalize)
        Warp.Interpolation lossWarp = c.warp() == Warp.Interpolation.NEAREST ? Warp.Interpolation.BICUBIC : c.warp();
        List<NDArray> real = new ArrayList<>();
        List<NDArray> semantics = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            real.add(ImageTensors.toTensor(m, seq.frame(first + i).image()));
            semantics.add(encoder.encode(m, seq.frame(first + i).labels()));
        }
        Map<String, Float> losses = new LinkedHashMap<>();
        List<NDArray> frames = new ArrayList<>(real.subList(0, past));
        for (int i = past; i < start; i++) {
            // outside a gradient collector: no graph is recorded (the training thread started the engine)
            frames.add(compose(m, n, inputs, store, seq, first, i, frames, o).composition().image().stopGradient());
        }
        NDArray lossG;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            AdamSteps.zeroGradients(n.allParams);
            NDArray gan = m.zeros(new Shape());
            NDArray fm = m.zeros(new Shape());
            NDArray flowLoss = m.zeros(new Shape());
            NDArray warpLoss = m.zeros(new Shape());
            NDArray l1 = m.zeros(new Shape());
            NDArray consistency = m.zeros(new Shape());
            NDArray confident = m.zeros(new Shape());
            NDArray edges = m.zeros(new Shape());
            NDArray grid = m.zeros(new Shape());
            NDArray blend = m.zeros(new Shape());
            for (int i = start; i < length; i++) {
                Generated generated = compose(m, n, inputs, store, seq, first, i, frames, o);
                Composition.Result comp = generated.composition();
                NDArray flow = generated.outputs().flow();
                frames.add(comp.image());
                if (o.adversarial()) {
                    List<NDList> judgedFake = n.dImage.judge(store, semantics.get(i), comp.image(), true);
                    List<NDList> judgedReal = n.dImage.judge(store, semantics.get(i), real.get(i), true);
                    gan = gan.add(GanLosses.generatorAdversarial(judgedFake));
                    fm = fm.add(GanLosses.featureMatching(judgedFake, judgedReal, o.lambdaFeature()));
                }
                if (o.lambdaL1() > 0) {
                    l1 = l1.add(Scalars.times(comp.image().sub(real.get(i)).abs().mean(), o.lambdaL1()));
                }
                NDArray reference = flowTensor(m, seq.flowBack(1, first + i), o.width(), o.height());
                if (o.lambdaConsistency() > 0) {
                    NDArray explained = Warp.apply(real.get(i - 1), reference, lossWarp).sub(real.get(i)).abs().mean(new int[] {1}, true)
                            .lt(CONFIDENT_WARP_ERROR).toType(DataType.FLOAT32, false);
                    NDArray carried = Warp.apply(frames.get(i - 1).stopGradient(), reference, lossWarp);
                    consistency = consistency.add(Scalars.times(comp.image().sub(carried).abs().mul(explained).mean(), o.lambdaConsistency()));
                    confident = confident.add(Scalars.times(explained.mean(), 1f / o.framesPerStep()));
                }
                if (o.lambdaEdges() > 0) {
                    edges = edges.add(Scalars.times(edgeEnergy(comp.image()).sub(edgeEnergy(real.get(i))).abs().mean(), o.lambdaEdges()));
                }
                if (o.lambdaBlend() > 0) {
                    blend = blend.add(Scalars.times(blendDisagreement(generated), o.lambdaBlend()));
                }
                if (o.lambdaGrid() > 0) {
                    grid = grid.add(Scalars.times(latticeEnergy(comp.image()), o.lambdaGrid()));
                }
                flowLoss = flowLoss.add(Scalars.times(flow.sub(reference).abs().mean(), o.lambdaFlow()));
                warpLoss = warpLoss.add(Scalars.times(Warp.apply(real.get(i - 1), flow).sub(real.get(i)).abs().mean(), o.lambdaWarp()));
            }
            NDArray temporal = m.zeros(new Shape());
            NDArray temporalFm = m.zeros(new Shape());
            for (int scale = 0; o.adversarial() && scale < c.temporalScales(); scale++) {
                NDArray fake = temporalInput(m, frames, seq, first, length - 1, 1 << scale, c.temporalFrames(), o);
                NDArray realIn = temporalInput(m, real, seq, first, length - 1, 1 << scale, c.temporalFrames(), o);
                List<NDList> judgedFake = n.dTemporal.byScale(n.dTemporal.forward(store, new NDList(fake), true));
                List<NDList> judgedReal = n.dTemporal.byScale(n.dTemporal.forward(store, new NDList(realIn), true));
                temporal = temporal.add(GanLosses.generatorAdversarial(judgedFake));
                temporalFm = temporalFm.add(GanLosses.featureMatching(judgedFake, judgedReal, o.lambdaFeature()));
            }
            lossG = gan.add(fm).add(flowLoss).add(warpLoss).add(temporal).add(temporalFm).add(l1).add(consistency).add(edges).add(grid).add(blend);
            if (generatorLearns) {
                gc.backward(lossG);
            }
            if (o.lambdaL1() > 0) {
                losses.put("L1", l1.getFloat());
            }
            if (o.lambdaEdges() > 0) {
                losses.put("edges", edges.getFloat());
            }
            if (o.lambdaBlend() > 0) {
                losses.put("blend", blend.getFloat());
            }
            if (o.lambdaGrid() > 0) {
                losses.put("grid", grid.getFloat());
            }
            if (o.lambdaConsistency() > 0) {
                losses.put("consist", consistency.getFloat());
                losses.put("confident", confident.getFloat());
            }
            losses.put("G_gan", gan.getFloat());
            losses.put("G_fm", fm.getFloat());
            losses.put("flow", flowLoss.getFloat());
            losses.put("warp", warpLoss.getFloat());
            losses.put("T_gan", temporal.getFloat());
        }
        GradientGuard.Outcome g = generatorLearns ? n.guardG.apply(n.adamG) : GradientGuard.Outcome.APPLIED;
        losses.put("skipped", g == GradientGuard.Outcome.APPLIED ? 0f : 1f);
        losses.put("spikes", g == GradientGuard.Outcome.SPIKE ? 1f : 0f);
        if (!o.adversarial()) {
            return losses;
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            AdamSteps.zeroGradients(n.allParams);
            List<NDArray> detached = new ArrayList<>();
            for (NDArray f : frames) {
                detached.add(f.stopGradient());
            }
            NDArray lossD = m.zeros(new Shape());
            // the burned-in frames too: more of the stream's own state for the discriminator to tell from camera frames
            for (int i = past; i < length; i++) {
                lossD = lossD.add(GanLosses.discriminator(n.dImage.judge(store, semantics.get(i), real.get(i), true),
                        n.dImage.judge(store, semantics.get(i), detached.get(i), true)));
            }
            NDArray lossT = m.zeros(new Shape());
            for (int scale = 0; scale < c.temporalScales(); scale++) {
                NDArray fake = temporalInput(m, detached, seq, first, length - 1, 1 << scale, c.temporalFrames(), o);
                NDArray realIn = temporalInput(m, real, seq, first, length - 1, 1 << scale, c.temporalFrames(), o);
                lossT = lossT.add(GanLosses.discriminator(n.dTemporal.byScale(n.dTemporal.forward(store, new NDList(realIn), true)),
                        n.dTemporal.byScale(n.dTemporal.forward(store, new NDList(fake), true))));
            }
            gc.backward(lossD.add(lossT));
            losses.put("D_img", lossD.getFloat());
            losses.put("D_tmp", lossT.getFloat());
        }
        GradientGuard.Outcome d = n.guardD.apply(n.adamD);
        if (d != GradientGuard.Outcome.APPLIED) {
            losses.put("skipped", 1f);
            if (d == GradientGuard.Outcome.SPIKE) {
                losses.put("spikes", 1f);
            }
        }
        return losses;
    }

    /**
     * The 8-pixel lattice of a frame (see {@link ai.vidsynth.model.eval.GridTexture}): the luminance averaged over
     * every 8x8 cell at each of the 64 positions within a cell, less what rows and columns of positions have in
     * common, as a mean absolute value. The image's spectrum at the off-axis lattice frequencies, the peaks
     * {@code GridTexture} measures, is exactly the 2-D DFT of that remainder (a lattice frequency sums the image
     * with weights that depend only on the position within the cell), so it is zero exactly when those peaks are.
     * The axes are left out, as there: a row or column offset is also what straight horizontal and vertical edges
     * leave. Natural content averages out over the frame's cells; the transposed convolutions' phase gains do not.
     */
    static NDArray latticeEnergy(NDArray image) {
        int period = ai.vidsynth.model.eval.GridTexture.PERIOD;
        NDArray y = image.mean(new int[] {1});
        long b = y.getShape().get(0);
        long h = y.getShape().get(1);
        long w = y.getShape().get(2);
        // one axis per mean: DJL's PyTorch engine reduces over a single axis only
        NDArray phases = y.reshape(b, h / period, period, w / period, period).mean(new int[] {3}).mean(new int[] {1});
        NDArray rows = phases.mean(new int[] {2}, true);
        NDArray columns = phases.mean(new int[] {1}, true);
        NDArray remainder = phases.sub(rows).sub(columns).add(rows.mean(new int[] {1}, true));
        return remainder.abs().mean();
    }

    /**
     * How much edge there is in each 8x8 cell of a frame: the mean absolute difference of neighbouring pixels'
     * luminance (channel mean), across and down, averaged over the cell. Matched to the camera frame's in L1, it asks
     * for the camera's amount of detail where the camera has it, without asking for its pixels: the consistency loss
     * alone, measured on the 512x256 model, made frames steadier by making them softer (flow-warped difference
     * 1.59x -> 1.13x the camera's in 100 steps, sharpness 0.88x -> 0.57x), and noise or a grid in flat regions costs
     * here as much as missing detail at edges.
     */
    static NDArray edgeEnergy(NDArray image) {
        NDArray y = image.mean(new int[] {1}, true);
        long h = y.getShape().get(2);
        long w = y.getShape().get(3);
        NDArray across = y.get(":, :, 0:" + (h - 1) + ", 1:").sub(y.get(":, :, 0:" + (h - 1) + ", 0:" + (w - 1))).abs();
        NDArray down = y.get(":, :, 1:, 0:" + (w - 1)).sub(y.get(":, :, 0:" + (h - 1) + ", 0:" + (w - 1))).abs();
        return ai.djl.nn.pooling.Pool.avgPool2d(across.add(down), new Shape(8, 8), new Shape(8, 8), new Shape(0, 0), false, true);
    }

    record Generated(SequentialGenerator.Outputs outputs, Composition.Result composition, NDArray foregroundMask) {}

    /**
     * How far the painted frame h and the carried frame w disagree where the mask m mixes them:
     * mean(m (1 - m) |h - w|) over the background (the foreground is painted anew, not mixed). Zero where the mask
     * takes one of the two; the carried frame is a constant here, so h learns to agree with it and m to choose.
     */
    static NDArray blendDisagreement(Generated g) {
        NDArray m = g.outputs().mask();
        NDArray mixing = m.mul(m.neg().add(1f));
        NDArray disagreement = g.outputs().hallucinated().sub(g.composition().warped().stopGradient()).abs().mean(new int[] {1}, true);
        NDArray perPixel = mixing.mul(disagreement);
        if (g.foregroundMask() != null) {
            perPixel = perPixel.mul(g.foregroundMask().neg().add(1f));
        }
        return perPixel.mean();
    }

    /** Window frame {@code i} generated from the window's frames before it, composed as the model runs. */
    private static Generated compose(NDManager m, Networks n, SequenceInputs inputs, ParameterStore store, TrainingSequence seq,
            int first, int i, List<NDArray> frames, Options o) {
        Vid2VidConfig c = n.config;
        int past = c.tG() - 1;
        List<LabelFrame> labels = new ArrayList<>();
        for (int j = i - past; j <= i; j++) {
            labels.add(seq.frame(first + j).labels());
        }
        SequentialGenerator.Outputs out = n.g.generate(store, n.g.inputs(m, labels, frames.subList(i - past, i)), true);
        // The flow learns from the flow and warp losses only: measured here, with the adversarial gradient
        // let through the warp of the generated frame (as NVIDIA's code does, with FlowNet2 supervision and
        // far larger batches) the flow loss rose from 52 to 136 in 50 steps and kept rising.
        // a model that runs with the label maps' flow trains with it, so that its mask learns where that flow fails
        NDArray carrying = c.flow() == Vid2VidConfig.FlowSource.LABELS
                ? flowTensor(m, LabelFlow.backward(labels.get(past - 1), labels.get(past), c.labels()), o.width(), o.height())
                : out.flow().stopGradient();
        NDArray foregroundMask = inputs.foregroundMask(m, seq.frame(first + i).labels());
        Composition.Result comp = Composition.compose(frames.get(i - 1), out.hallucinated(), out.foreground(), carrying, out.mask(),
                foregroundMask, c.warp());
        return new Generated(out, comp, foregroundMask);
    }

    /**
     * The temporal discriminator's input: K frames ending at window index {@code last}, {@code skip} apart,
     * and the real backward flows between them, on channels.
     */
    static NDArray temporalInput(NDManager m, List<NDArray> frames, TrainingSequence seq, int first, int last, int skip,
            int k, Options o) {
        NDList parts = new NDList();
        for (int j = k - 1; j >= 0; j--) {
            parts.add(frames.get(last - j * skip));
        }
        for (int j = k - 2; j >= 0; j--) {
            parts.add(Scalars.times(flowTensor(m, seq.flowBack(skip, first + last - j * skip), o.width(), o.height()), FLOW_INPUT_SCALE));
        }
        return NDArrays.concat(parts, 1);
    }

    static NDArray flowTensor(NDManager m, float[][] uv, int width, int height) {
        return ai.vidsynth.model.nn.NativeArrays.flows(m, List.<float[][]>of(uv), width, height);
    }


}
