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
import ai.djl.training.optimizer.Optimizer;
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
            Map<String, Double> heldOutScores) {}

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
        Engine.getInstance().setRandomSeed((int) o.seed());
        try (NDManager root = NDManager.newBaseManager()) {
            SegmentationNet net = o.config().newNet();
            net.initialize(root, DataType.FLOAT32, new Shape(o.batch(), 3, o.height(), o.width()));
            List<Parameter> params = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
                params.add(p.getValue());
            }
            LinearDecay lr = new LinearDecay(o.learningRate(), o.steps());
            Optimizer adam = Optimizer.adam().optLearningRateTracker(lr).build();
            GradientGuard guard = GradientGuard.finiteOnly();
            Checkpoints ckpt = new Checkpoints(o.runDir());
            long start = 0;
            double priorWall = 0;
            Map<String, Double> ema = new LinkedHashMap<>();
            if (ckpt.exists()) {
                State s = ckpt.loadState(State.class);
                ckpt.loadBlock("S", net, root);
                start = s.step();
                priorWall = s.wallSeconds();
                ema.putAll(s.losses());
                log.printf("resuming segmenter from step %d (%s)%n", start, o.runDir());
            }
            ProgressBar bar = new ProgressBar("segmenter", start, o.steps(), o.logEvery(), log);
            long t0 = System.nanoTime();
            for (long step = start; step < o.steps(); step++) {
                lr.setStep(step);
                Random r = new Random(o.seed() * 7919 + step);
                List<TrainingExample> batch = new ArrayList<>();
                for (int i = 0; i < o.batch(); i++) {
                    TrainingExample ex = train.get(r.nextInt(train.size()));
                    batch.add(r.nextBoolean() ? ex.flipped() : ex);
                }
                try (NDManager m = root.newSubManager()) {
                    float loss = step(m, net, params, adam, guard, batch);
                    if (Float.isFinite(loss)) {
                        ema.merge("ce", (double) loss, (a, b) -> 0.98 * a + 0.02 * b);
                    }
                }
                long done = step + 1;
                bar.update(done, ProgressBar.values(ema));
                boolean sessionOver = o.sessionSteps() > 0 && done - start >= o.sessionSteps();
                boolean last = done == o.steps();
                if (done % o.checkpointEvery() == 0 || last || sessionOver) {
                    Map<String, Double> scores = last ? score(net, root) : Map.of();
                    ckpt.saveBlock("S", net);
                    ckpt.saveState(new State(o.config(), o.width(), o.height(), o.steps(), o.batch(), done,
                            priorWall + (System.nanoTime() - t0) / 1e9, new LinkedHashMap<>(ema), trainedOn, train.size(),
                            heldOutNames, scores));
                }
                if (sessionOver && !last) {
                    log.printf("stopping after %d steps of this session (checkpoint at step %d); run again to go on%n",
                            o.sessionSteps(), done);
                    break;
                }
            }
            return ckpt.loadState(State.class);
        }
    }

    /** One Adam step on a batch; gives the cross-entropy. */
    static float step(NDManager m, SegmentationNet net, List<Parameter> params, Optimizer adam, GradientGuard guard,
            List<TrainingExample> batch) {
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
            AdamSteps.zeroGradients(params);
            NDArray logits = net.forward(new ParameterStore(m, false), new NDList(NDArrays.concat(images, 0)), true)
                    .singletonOrThrow();
            NDArray loss = SegmentationNet.loss(logits, target, mask);
            gc.backward(loss);
            value = loss.getFloat();
        }
        if (guard.apply(adam, params) != GradientGuard.Outcome.APPLIED) {
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
