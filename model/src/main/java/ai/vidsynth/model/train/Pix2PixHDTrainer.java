package ai.vidsynth.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.vidsynth.model.image.ImageTensors;
import ai.vidsynth.model.labels.LabelEncoder;
import ai.vidsynth.model.nn.Scalars;
import ai.vidsynth.model.pix2pixhd.FeatureEncoder;
import ai.vidsynth.model.pix2pixhd.GanLosses;
import ai.vidsynth.model.pix2pixhd.Generators;
import ai.vidsynth.model.pix2pixhd.ImageGenerator;
import ai.vidsynth.model.pix2pixhd.InstancePooling;
import ai.vidsynth.model.pix2pixhd.MultiscaleDiscriminator;
import ai.vidsynth.model.pix2pixhd.Pix2PixHDConfig;
import ai.vidsynth.model.pix2pixhd.VggPerceptualLoss;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * pix2pixHD's staged training on CPU:
 * <ol>
 *   <li>{@code global}: G1 (+ encoder E) against multi-scale D at the low resolution;</li>
 *   <li>{@code local}: a local enhancer around G1 at twice the resolution, G1 frozen (loaded from stage 1);</li>
 *   <li>{@code finetune}: all of G (and E) together, starting from stage 2.</li>
 * </ol>
 * Each step: G forward once; G's loss = LSGAN + feature matching (lambda 10), backward, Adam step for G and
 * E; then D's loss on the detached fake and the real, backward, Adam step for D. Adam lr 2e-4, beta1 0.5,
 * constant for half the stage then linear decay to 0. The VGG loss (weight 10) is added only when the user
 * gives a VGG19 TorchScript file: none can be downloaded here (the model card records which was used). The example order depends only on seed and step, so a resumed run sees
 * the same examples an uninterrupted one would.
 */
public final class Pix2PixHDTrainer {

    public enum Stage { GLOBAL, LOCAL, FINETUNE }

    /** pix2pixHD's weight of the VGG loss (used only when a VGG19 file is given). */
    static final float VGG_LAMBDA = 10f;

    /** What to train; {@code from} is the previous stage's run folder (required for local and finetune). */
    public record Options(Stage stage, Pix2PixHDConfig config, int width, int height, int steps, Path runDir,
            Path from, long seed, float learningRate, float featureMatchingLambda, int checkpointEvery,
            int logEvery, Path vgg, int sessionSteps) {

        /** Runs to {@code steps} in one session. */
        public Options(Stage stage, Pix2PixHDConfig config, int width, int height, int steps, Path runDir, Path from, long seed,
                float learningRate, float featureMatchingLambda, int checkpointEvery, int logEvery, Path vgg) {
            this(stage, config, width, height, steps, runDir, from, seed, learningRate, featureMatchingLambda, checkpointEvery, logEvery,
                    vgg, 0);
        }
    }

    /** Saved beside the parameters; says what the checkpoint is and how far it got. */
    public record State(String stage, Pix2PixHDConfig config, int width, int height, int steps, long step,
            double wallSeconds, Map<String, Double> losses, List<String> data, String vgg) implements TrainingLoop.Saved {}

    /** The three networks of a stage and their optimizers. */
    static final class Networks {
        final Pix2PixHDConfig config;
        final ImageGenerator g;
        final SequentialBlock e;
        final MultiscaleDiscriminator d;
        final LinearDecay lr;
        VggPerceptualLoss vgg;
        List<Parameter> gParams;
        List<Parameter> dParams;
        Adam adamG;
        Adam adamD;
        final GradientGuard guardG = GradientGuard.standard();
        final GradientGuard guardD = GradientGuard.standard();

        Networks(Pix2PixHDConfig config, int width, int height, float learningRate, long steps, NDManager root) {
            this.config = config;
            g = Generators.build(config);
            e = FeatureEncoder.of(config);
            d = MultiscaleDiscriminator.of(config);
            g.initialize(root, DataType.FLOAT32, new Shape(1, config.generatorInputChannels(), height, width));
            e.initialize(root, DataType.FLOAT32, new Shape(1, 3, height, width));
            d.initialize(root, DataType.FLOAT32, new Shape(1, config.semanticChannels() + 3, height, width));
            lr = new LinearDecay(learningRate, steps);
        }

        /** Call after loading weights and freezing: collects what the optimizers update. */
        void prepareOptimizers() {
            gParams = trainable(g, e);
            dParams = trainable(d);
            adamG = new Adam(gParams, lr, 0.5f);
            adamD = new Adam(dParams, lr, 0.5f);
        }
    }

    private final Options o;
    private final List<TrainingExample> examples;
    private final PrintStream log;

    public Pix2PixHDTrainer(Options options, List<TrainingExample> examples, PrintStream log) {
        this.o = options;
        this.examples = examples;
        this.log = log;
    }

    public State run() throws IOException {
        TrainingLoop loop = new TrainingLoop(new TrainingLoop.Settings(o.stage().name().toLowerCase(), o.steps(), o.seed(),
                o.checkpointEvery(), o.logEvery(), o.sessionSteps()), log);
        loop.seed();
        Pix2PixHDConfig config = o.config().withLocalEnhancers(o.stage() == Stage.GLOBAL ? 0 : 1);
        LabelEncoder encoder = new LabelEncoder(config.labels());
        try (NDManager root = NDManager.newBaseManager()) {
            Networks n = new Networks(config, o.width(), o.height(), o.learningRate(), o.steps(), root);
            return loop.train(new Checkpoints(o.runDir()), new TrainingLoop.Model<State>() {
                @Override
                public Map<String, Block> blocks() {
                    Map<String, Block> b = new LinkedHashMap<>();
                    b.put("G", n.g);
                    b.put("E", n.e);
                    b.put("D", n.d);
                    return b;
                }

                @Override
                public void start(State resumed, NDManager root) throws IOException {
                    if (resumed == null && o.stage() != Stage.GLOBAL) {
                        initializeFromPreviousStage(n.g, n.e, n.d, root);
                    }
                    if (o.stage() == Stage.LOCAL) {
                        Generators.globalOf(n.g).freezeParameters(true);
                    }
                    if (o.vgg() != null) {
                        n.vgg = VggPerceptualLoss.fromTorchScript(o.vgg());
                        log.printf("VGG19 perceptual loss from %s (weight %.0f)%n", o.vgg(), VGG_LAMBDA);
                    }
                }

                @Override
                public Map<String, Adam> optimizers() {
                    n.prepareOptimizers();
                    return Map.of("adamG", n.adamG, "adamD", n.adamD);
                }

                @Override
                public Map<String, GradientGuard> guards() {
                    return Map.of("generator", n.guardG, "discriminator", n.guardD);
                }

                @Override
                public Map<String, Float> step(NDManager m, long step, Random r) {
                    n.lr.setStep(step);
                    TrainingExample ex = examples.get(r.nextInt(examples.size()));
                    return Pix2PixHDTrainer.step(m, encoder, n, r.nextBoolean() ? ex.flipped() : ex, o.featureMatchingLambda());
                }

                @Override
                public State state(TrainingLoop.Progress p, boolean last) {
                    return new State(o.stage().name(), config, o.width(), o.height(), o.steps(), p.step(), p.wallSeconds(), p.losses(),
                            examples.stream().map(TrainingExample::name).toList(), o.vgg() == null ? null : o.vgg().toString());
                }
            }, State.class, root);
        }
    }

    /** One G step and one D step on one example; returns the losses. */
    static Map<String, Float> step(NDManager m, LabelEncoder encoder, Networks n, TrainingExample ex, float lambdaFm) {
        Pix2PixHDConfig config = n.config;
        ImageGenerator g = n.g;
        SequentialBlock e = n.e;
        MultiscaleDiscriminator d = n.d;
        ParameterStore store = new ParameterStore(m, false);
        NDArray semantics = encoder.encode(m, ex.labels());
        NDArray real = ImageTensors.toTensor(m, ex.image());
        Map<String, Float> losses = new LinkedHashMap<>();
        NDArray fake;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            AdamSteps.zeroGradients(n.gParams);
            AdamSteps.zeroGradients(n.dParams);
            NDArray input = semantics;
            if (config.featureChannels() > 0) {
                NDArray features = e.forward(store, new NDList(real), true).singletonOrThrow();
                int[] ids = ex.labels().instancesOrLabels();
                NDArray pooled = new InstancePooling(ids, ex.labels().width(), ex.labels().height()).pool(features);
                input = NDArrays.concat(new NDList(semantics, pooled), 1);
            }
            fake = g.forward(store, new NDList(input), true).singletonOrThrow();
            List<NDList> judgedFake = d.judge(store, semantics, fake, true);
            // the real image's features are constant targets for feature matching
            List<NDList> judgedReal = d.judge(store, semantics, real, true);
            NDArray adv = GanLosses.generatorAdversarial(judgedFake);
            NDArray fm = GanLosses.featureMatching(judgedFake, judgedReal, lambdaFm);
            NDArray lossG = adv.add(fm);
            if (n.vgg != null) {
                NDArray perceptual = Scalars.times(n.vgg.loss(store, fake, real), VGG_LAMBDA);
                lossG = lossG.add(perceptual);
                losses.put("G_vgg", perceptual.getFloat());
            }
            gc.backward(lossG);
            losses.put("G_gan", adv.getFloat());
            losses.put("G_fm", fm.getFloat());
        }
        GradientGuard.Outcome updatedG = n.guardG.apply(n.adamG);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            AdamSteps.zeroGradients(n.gParams);
            AdamSteps.zeroGradients(n.dParams);
            NDArray detached = fake.stopGradient();
            List<NDList> judgedFake = d.judge(store, semantics, detached, true);
            List<NDList> judgedReal = d.judge(store, semantics, real, true);
            NDArray lossD = GanLosses.discriminator(judgedReal, judgedFake);
            gc.backward(lossD);
            losses.put("D_real", GanLosses.lsgan(judgedReal, true).getFloat());
            losses.put("D_fake", GanLosses.lsgan(judgedFake, false).getFloat());
        }
        GradientGuard.Outcome updatedD = n.guardD.apply(n.adamD);
        losses.put("skipped", updatedG == GradientGuard.Outcome.APPLIED && updatedD == GradientGuard.Outcome.APPLIED ? 0f : 1f);
        return losses;
    }


    private void initializeFromPreviousStage(ImageGenerator g, SequentialBlock e, MultiscaleDiscriminator d,
            NDManager root) throws IOException {
        if (o.from() == null) {
            throw new IllegalArgumentException("stage " + o.stage() + " needs --from, the previous stage's run folder");
        }
        Checkpoints prev = new Checkpoints(o.from());
        if (!prev.exists()) {
            throw new IllegalArgumentException("no checkpoint in " + o.from());
        }
        State s = prev.loadState(State.class);
        // the two upsamplings have kernels of the same shape: a mismatch would load without complaint
        if (s.config().upsampling() != o.config().upsampling()) {
            throw new IllegalArgumentException(o.from() + " was trained with " + s.config().upsampling() + " upsampling, this stage asks for "
                    + o.config().upsampling() + " (--upsampling)");
        }
        if (o.stage() == Stage.LOCAL) {
            if (!"GLOBAL".equals(s.stage())) {
                throw new IllegalArgumentException("stage local starts from a global run, " + o.from() + " is " + s.stage());
            }
            prev.loadBlock("G", Generators.globalOf(g), root);
            prev.loadBlock("E", e, root);
            log.printf("local enhancer: G1 and E from %s (step %d), G1 frozen%n", o.from(), s.step());
        } else {
            if (!"LOCAL".equals(s.stage())) {
                throw new IllegalArgumentException("stage finetune starts from a local run, " + o.from() + " is " + s.stage());
            }
            prev.loadBlock("G", g, root);
            prev.loadBlock("E", e, root);
            prev.loadBlock("D", d, root);
            log.printf("finetune: G, E and D from %s (step %d)%n", o.from(), s.step());
        }
    }

    private static List<Parameter> trainable(Block... blocks) {
        List<Parameter> out = new ArrayList<>();
        for (Block b : blocks) {
            for (Pair<String, Parameter> p : b.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                    out.add(p.getValue());
                }
            }
        }
        return out;
    }

}
