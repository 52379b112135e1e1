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
import ai.djl.training.optimizer.Optimizer;
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
            int logEvery, Path vgg) {}

    /** Saved beside the parameters; says what the checkpoint is and how far it got. */
    public record State(String stage, Pix2PixHDConfig config, int width, int height, int steps, long step,
            double wallSeconds, Map<String, Double> losses, List<String> data, String vgg) {}

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
        Optimizer adamG;
        Optimizer adamD;

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
            adamG = Optimizer.adam().optLearningRateTracker(lr).optBeta1(0.5f).build();
            adamD = Optimizer.adam().optLearningRateTracker(lr).optBeta1(0.5f).build();
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
        Engine.getInstance().setRandomSeed((int) o.seed());
        Pix2PixHDConfig config = o.config().withLocalEnhancers(o.stage() == Stage.GLOBAL ? 0 : 1);
        LabelEncoder encoder = new LabelEncoder(config.labels());
        try (NDManager root = NDManager.newBaseManager()) {
            Networks n = new Networks(config, o.width(), o.height(), o.learningRate(), o.steps(), root);
            ImageGenerator g = n.g;
            SequentialBlock e = n.e;
            MultiscaleDiscriminator d = n.d;

            Checkpoints ckpt = new Checkpoints(o.runDir());
            long startStep = 0;
            double priorWall = 0;
            if (ckpt.exists()) {
                State s = ckpt.loadState(State.class);
                ckpt.loadBlock("G", g, root);
                ckpt.loadBlock("E", e, root);
                ckpt.loadBlock("D", d, root);
                startStep = s.step();
                priorWall = s.wallSeconds();
                log.printf("resuming %s from step %d (%s)%n", o.stage(), startStep, o.runDir());
            } else if (o.stage() != Stage.GLOBAL) {
                initializeFromPreviousStage(g, e, d, root);
            }
            if (o.stage() == Stage.LOCAL) {
                Generators.globalOf(g).freezeParameters(true);
            }
            n.prepareOptimizers();
            if (o.vgg() != null) {
                n.vgg = VggPerceptualLoss.fromTorchScript(o.vgg());
                log.printf("VGG19 perceptual loss from %s (weight %.0f)%n", o.vgg(), VGG_LAMBDA);
            }

            Map<String, Double> ema = new LinkedHashMap<>();
            ProgressBar bar = new ProgressBar(o.stage().name().toLowerCase(), startStep, o.steps(), o.logEvery(), log);
            long t0 = System.nanoTime();
            for (long step = startStep; step < o.steps(); step++) {
                n.lr.setStep(step);
                TrainingExample ex = exampleAt(step);
                try (NDManager m = root.newSubManager()) {
                    Map<String, Float> losses = step(m, encoder, n, ex, o.featureMatchingLambda());
                    losses.forEach((k, v) -> ema.merge(k, (double) v, (old, nv) -> 0.98 * old + 0.02 * nv));
                }
                long done = step + 1;
                bar.update(done, ProgressBar.values(ema));
                if (done % o.checkpointEvery() == 0 || done == o.steps()) {
                    double wall = priorWall + (System.nanoTime() - t0) / 1e9;
                    save(ckpt, g, e, d, config, done, wall, ema);
                }
            }
            return ckpt.loadState(State.class);
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
        AdamSteps.apply(n.adamG, n.gParams);
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
        AdamSteps.apply(n.adamD, n.dParams);
        return losses;
    }


    private TrainingExample exampleAt(long step) {
        Random r = new Random(o.seed() * 7919 + step);
        TrainingExample ex = examples.get(r.nextInt(examples.size()));
        return r.nextBoolean() ? ex.flipped() : ex;
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

    private void save(Checkpoints ckpt, ImageGenerator g, Block e, Block d, Pix2PixHDConfig config, long step,
            double wall, Map<String, Double> ema) throws IOException {
        ckpt.saveBlock("G", g);
        ckpt.saveBlock("E", e);
        ckpt.saveBlock("D", d);
        List<String> data = examples.stream().map(TrainingExample::name).toList();
        ckpt.saveState(new State(o.stage().name(), config, o.width(), o.height(), o.steps(), step, wall,
                new LinkedHashMap<>(ema), data, o.vgg() == null ? null : o.vgg().toString()));
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
