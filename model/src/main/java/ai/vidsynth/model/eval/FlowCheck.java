package ai.vidsynth.model.eval;

import ai.vidsynth.model.flow.LabelFlow;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Pix2PixHDRuntime;
import ai.vidsynth.model.runtime.Vid2VidRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a vid2vid model's flicker comes from, on a sequence with camera frames: per class of label, how much of each
 * frame the model paints anew (its mask) and how far its flow is from the camera frames' Farneback flow; and the
 * sequence generated three times: as the stream runs it, with the camera frames' flow in place of the model's (the gap
 * between the two flow-warped differences is what the flow costs), and with the label maps' own flow
 * ({@link LabelFlow}, what {@code FlowSource.LABELS} runs). Measured on the held-out sequence
 * (docs/eval.md): 1.39x the camera frames' change with the model's flow, 0.99x with the camera's, at the same sharpness.
 */
public final class FlowCheck {

    private FlowCheck() {}

    /**
     * @param mask       mean of the mask over the class's pixels (1 = painted anew, 0 = the previous frame warped)
     * @param flowError  mean end-point distance between the model's flow and the camera frames', pixels
     * @param cameraFlow mean length of the camera frames' flow; {@code modelFlow} of the model's
     */
    public record ClassStats(double pixelShare, double mask, double flowError, double cameraFlow, double modelFlow) {}

    /** A generated sequence's flow-warped difference and sharpness, and the camera frames' own, for the ratios. */
    public record Run(double flowWarped, double sharpness) {}

    public record Report(int frames, Map<String, ClassStats> byClass, ClassStats all, Run asItRuns, Run withCameraFlow, Run withLabelFlow,
            Run camera) {

        public String toTable() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%-16s %7s %6s %11s %12s %11s%n", "class", "pixels", "mask", "flow error", "camera flow",
                    "model flow"));
            for (Map.Entry<String, ClassStats> e : byClass.entrySet()) {
                if (e.getValue().pixelShare() >= 0.005) {
                    row(b, e.getKey(), e.getValue());
                }
            }
            row(b, "all", all);
            b.append(String.format(Locale.ROOT, "(mask: 1 = painted anew, 0 = the previous frame warped; flows in pixels, classes under 0.5%%"
                    + " of the pixels left out)%n%n"));
            b.append(String.format(Locale.ROOT, "%-34s %12s %10s%n", frames + " frames", "flow-warped", "sharpness"));
            run(b, "as the stream runs it", asItRuns);
            run(b, "with the camera frames' flow", withCameraFlow);
            run(b, "with the label maps' flow", withLabelFlow);
            b.append(String.format(Locale.ROOT, "%-34s %12.2f %10.2f%n", "camera frames", camera.flowWarped(), camera.sharpness()));
            return b.toString();
        }

        private static void row(StringBuilder b, String name, ClassStats s) {
            b.append(String.format(Locale.ROOT, "%-16s %6.1f%% %6.3f %11.2f %12.2f %11.2f%n", name, 100 * s.pixelShare(), s.mask(), s.flowError(),
                    s.cameraFlow(), s.modelFlow()));
        }

        private void run(StringBuilder b, String name, Run r) {
            b.append(String.format(Locale.ROOT, "%-34s %6.2f %5.2fx %5.2f %5.2fx%n", name, r.flowWarped(), r.flowWarped() / camera.flowWarped(),
                    r.sharpness(), r.sharpness() / camera.sharpness()));
        }
    }

    /**
     * @param labels the sequence's label frames at the model's size; {@code real} its camera frames at that size
     */
    public static Report run(Pix2PixHDRuntime firstFrame, Vid2VidRuntime model, List<LabelFrame> labels, List<RgbImage> real) {
        if (labels.size() != real.size() || labels.size() < 2) {
            throw new IllegalArgumentException("needs at least 2 frames with camera frames: " + labels.size() + " labels, " + real.size() + " real");
        }
        // the camera frames' flows, computed once for the per-class comparison and the three flow-warped differences
        List<float[][]> flows = TemporalMetrics.cameraFlows(real);
        int groups = TemporalMetrics.CLASS_GROUPS;
        double[][] sums = new double[groups][4];
        long[] counts = new long[groups];
        RgbImage start = firstFrame.synthesize(labels.get(0), StyleClusters.Choice.DEFAULT);
        List<RgbImage> asItRuns = new ArrayList<>(List.of(start));
        List<RgbImage> withCameraFlow = new ArrayList<>(List.of(start));
        List<RgbImage> withLabelFlow = new ArrayList<>(List.of(start));
        for (int t = 1; t < labels.size(); t++) {
            float[][] camera = flows.get(t);
            Vid2VidRuntime.Inspection own = model.inspect(step(model, asItRuns, labels, t), null);
            asItRuns.add(own.image());
            withCameraFlow.add(model.inspect(step(model, withCameraFlow, labels, t), camera).image());
            withLabelFlow.add(model.inspect(step(model, withLabelFlow, labels, t),
                    LabelFlow.backward(labels.get(t - 1), labels.get(t), model.card().vid2vid().labels())).image());
            int[] classes = SegmentationScores.trainIds(labels.get(t).labels(), LabelSet.CITYSCAPES_35);
            for (int i = 0; i < classes.length; i++) {
                int g = TemporalMetrics.classGroup(classes[i]);
                double du = own.flow()[0][i] - camera[0][i];
                double dv = own.flow()[1][i] - camera[1][i];
                sums[g][0] += own.mask()[i];
                sums[g][1] += Math.sqrt(du * du + dv * dv);
                sums[g][2] += Math.hypot(camera[0][i], camera[1][i]);
                sums[g][3] += Math.hypot(own.flow()[0][i], own.flow()[1][i]);
                counts[g]++;
            }
        }
        long total = 0;
        double[] all = new double[4];
        for (int g = 0; g < groups; g++) {
            total += counts[g];
            for (int k = 0; k < 4; k++) {
                all[k] += sums[g][k];
            }
        }
        Map<String, ClassStats> byClass = new LinkedHashMap<>();
        for (int g = 0; g < groups; g++) {
            if (counts[g] > 0) {
                byClass.put(TemporalMetrics.groupName(g), stats(sums[g], counts[g], total));
            }
        }
        return new Report(labels.size(), byClass, stats(all, total, total),
                new Run(TemporalMetrics.flowWarpedAlong(asItRuns, flows, null).total(), TemporalMetrics.sharpness(asItRuns)),
                new Run(TemporalMetrics.flowWarpedAlong(withCameraFlow, flows, null).total(), TemporalMetrics.sharpness(withCameraFlow)),
                new Run(TemporalMetrics.flowWarpedAlong(withLabelFlow, flows, null).total(), TemporalMetrics.sharpness(withLabelFlow)),
                new Run(TemporalMetrics.flowWarpedAlong(real, flows, null).total(), TemporalMetrics.sharpness(real)));
    }

    private static ClassStats stats(double[] sums, long count, long total) {
        return new ClassStats((double) count / total, sums[0] / count, sums[1] / count, sums[2] / count, sums[3] / count);
    }

    /** Frame t's step with the past of {@code generated} (the last tG - 1 frames), as the stream keeps it. */
    private static Vid2VidRuntime.Step step(Vid2VidRuntime model, List<RgbImage> generated, List<LabelFrame> labels, int t) {
        int from = Math.max(0, t - model.pastFrames());
        return new Vid2VidRuntime.Step(List.copyOf(generated.subList(from, t)), List.copyOf(labels.subList(from, t)), labels.get(t));
    }
}
