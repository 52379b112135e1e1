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
import ai.vidsynth.model.eval.SegmentationNet;
import ai.vidsynth.model.eval.SegmentationScores;
import ai.vidsynth.model.eval.Segmenter;
import ai.vidsynth.model.eval.SegmenterConfig;
import ai.vidsynth.model.image.ImageTensors;
import ai.vidsynth.model.labels.LabelSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the segmenter of the segmentation-consistency measure on real camera frames and their labels:
 * softmax cross-entropy over the 19 trainIds (ignored labels do not count), random horizontal flips, Adam
 * with linear decay over the second half. Frames held out from training are scored at the end (mean IoU
 * and pixel accuracy), so a run with a held-out sequence gives an honest accuracy for the shipped one.
 */
public final class SegmenterTrainer {

    /** What to train. */
    public record Options(SegmenterConfig config, int width, int height, int steps, int batch, Path runDir, long seed,
            float learningRate, int checkpointEvery, int logEvery, int sessionSteps) {}

    /** Saved beside the parameters. */
    public record State(SegmenterConfig config, int width, int height, int steps, int batch, long step, double wallSeconds,
            Map<String, Double> losses, List<String> trainedOn, int trainingFrames, List<String> heldOut,
            Map<String, Double> heldOutScores) implements TrainingLoop.Saved {}

    private final Options o;
    private final List<TrainingExample> train;
    private final List<String> trainedOn;
    private final List<TrainingExample> heldOut;
    private final List<String> heldOutNames;
    private final PrintStream log;

    public SegmenterTrainer(Options options, List<TrainingExample> train, List<String> trainedOn, List<TrainingExample> heldOut,
            List<String> heldOutNames, PrintStream log) {
        this.o = options;
        this.train = train;
        this.trainedOn = trainedOn;
        this.heldOut = heldOut;
        this.heldOutNames = heldOutNames;
        this.log = log;
    }

    public State run() throws IOException {
        TrainingLoop loop = new TrainingLoop(new TrainingLoop.Settings("segmenter", o.steps(), o.seed(), o.checkpointEvery(), o.logEvery(),
                o.sessionSteps()), log);
        loop.seed();
        try (NDManager root = NDManager.newBaseManager()) {
            SegmentationNet net = o.config().newNet();
            net.initialize(root, DataType.FLOAT32, new Shape(o.batch(), 3, o.height(), o.width()));
            LinearDecay lr = new LinearDecay(o.learningRate(), o.steps());
            GradientGuard guard = GradientGuard.finiteOnly();
            return loop.train(new Checkpoints(o.runDir()), new TrainingLoop.Model<State>() {
                private Adam adam;

                @Override
                public Map<String, ai.djl.nn.Block> blocks() {
                    return Map.of("S", net);
                }

                @Override
                public Map<String, Adam> optimizers() {
                    List<Parameter> params = new ArrayList<>();
                    for (Pair<String, Parameter> p : net.getParameters()) {
                        p.getValue().getArray().setRequiresGradient(true);
                        params.add(p.getValue());
                    }
                    adam = new Adam(params, lr, 0.9f);
                    return Map.of("adam", adam);
                }

                @Override
                public Map<String, GradientGuard> guards() {
                    return Map.of("segmenter", guard);
                }

                @Override
                public Map<String, Float> step(NDManager m, long step, Random r) {
                    lr.setStep(step);
                    List<TrainingExample> batch = new ArrayList<>();
                    for (int i = 0; i < o.batch(); i++) {
                        TrainingExample ex = train.get(r.nextInt(train.size()));
                        batch.add(r.nextBoolean() ? ex.flipped() : ex);
                    }
                    return Map.of("ce", SegmenterTrainer.step(m, net, adam, guard, batch));
                }

                @Override
                public State state(TrainingLoop.Progress p, boolean last) {
                    Map<String, Double> scores = last ? score(net, root) : Map.of();
                    return new State(o.config(), o.width(), o.height(), o.steps(), o.batch(), p.step(), p.wallSeconds(), p.losses(),
                            trainedOn, train.size(), heldOutNames, scores);
                }
            }, State.class, root);
        }
    }

    /** One Adam step on a batch; gives the cross-entropy. */
    static float step(NDManager m, SegmentationNet net, Adam adam, GradientGuard guard, List<TrainingExample> batch) {
        NDList images = new NDList();
        int n = batch.size();
        int w = batch.get(0).image().width();
        int h = batch.get(0).image().height();
        long[] ids = new long[n * w * h];
        float[] valid = new float[n * w * h];
        for (int b = 0; b < n; b++) {
            images.add(ImageTensors.toTensor(m, batch.get(b).image()));
            int[] t = SegmentationScores.trainIds(batch.get(b).labels().labels(), LabelSet.CITYSCAPES_35);
            for (int i = 0; i < t.length; i++) {
                boolean counts = t[i] != LabelSet.IGNORE_TRAIN_ID;
                ids[b * w * h + i] = counts ? t[i] : 0;
                valid[b * w * h + i] = counts ? 1f : 0f;
            }
        }
        NDArray target = m.create(ids, new Shape(n, 1, h, w));
        NDArray mask = m.create(valid, new Shape(n, 1, h, w));
        float value;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            AdamSteps.zeroGradients(adam.parameters());
            NDArray logits = net.forward(new ParameterStore(m, false), new NDList(NDArrays.concat(images, 0)), true)
                    .singletonOrThrow();
            NDArray loss = SegmentationNet.loss(logits, target, mask);
            gc.backward(loss);
            value = loss.getFloat();
        }
        if (guard.apply(adam) != GradientGuard.Outcome.APPLIED) {
            return Float.NaN;
        }
        return value;
    }

    /** Mean IoU and pixel accuracy on the held-out frames (empty map when nothing is held out). */
    private Map<String, Double> score(SegmentationNet net, NDManager root) {
        if (heldOut.isEmpty()) {
            return Map.of();
        }
        SegmentationScores scores = new SegmentationScores();
        try (Segmenter s = Segmenter.wrapping(net, root, o.width(), o.height())) {
            for (TrainingExample ex : heldOut) {
                scores.add(SegmentationScores.trainIds(ex.labels().labels(), LabelSet.CITYSCAPES_35), s.predict(ex.image()));
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("heldOutMeanIou", scores.meanIou());
        out.put("heldOutPixelAccuracy", scores.pixelAccuracy());
        log.printf("held out %s: mean IoU %.3f, pixel accuracy %.3f%n", heldOutNames, scores.meanIou(), scores.pixelAccuracy());
        return out;
    }
}
