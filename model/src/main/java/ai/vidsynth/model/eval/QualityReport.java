package ai.vidsynth.model.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code eval} reports for one sequence: the segmenter's agreement with the input labels on the generated
 * frames and, where the folder has them, on the real frames (and the ratio, the papers' measure); temporal
 * stability, sharpness and grid texture of both. Stabilities and sharpness are in 8-bit units; IoU and accuracy in [0, 1].
 *
 * @param source        what made the frames: a model id, a sink folder or a topic
 * @param meanIouRatio  generated mean IoU / real mean IoU (null without real frames): 1 = as recognizable as real
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualityReport(String folder, String source, int frames, String segmenter, Scores generated, Scores real,
        Double meanIouRatio) {

    /**
     * @param labelStableDifference mean |x_t - x_{t-1}| over pixels whose label did not change
     * @param flowWarpedDifference  mean |x_t - warp(x_{t-1})| with the real frames' optical flow (null without them)
     * @param classIou              per trainId class, by name (NaN-free: classes absent from truth and prediction are left out)
     * @param grid                  {@link GridTexture#peakRatio}: about 1 without a periodic lattice (null where not measured)
     * @param flowWarpedByClass     {@code flowWarpedDifference} split by the label's class (null without real frames)
     */
    public record Scores(double meanIou, double pixelAccuracy, double labelStableDifference, Double flowWarpedDifference,
            double sharpness, Map<String, Double> classIou, List<Double> sharpnessByFrame, Double grid,
            Map<String, TemporalMetrics.ClassPart> flowWarpedByClass) {

        public Scores(double meanIou, double pixelAccuracy, double labelStableDifference, Double flowWarpedDifference,
                double sharpness, Map<String, Double> classIou, List<Double> sharpnessByFrame, Double grid) {
            this(meanIou, pixelAccuracy, labelStableDifference, flowWarpedDifference, sharpness, classIou, sharpnessByFrame, grid, null);
        }

        public Scores(double meanIou, double pixelAccuracy, double labelStableDifference, Double flowWarpedDifference,
                double sharpness, Map<String, Double> classIou, List<Double> sharpnessByFrame) {
            this(meanIou, pixelAccuracy, labelStableDifference, flowWarpedDifference, sharpness, classIou, sharpnessByFrame, null);
        }

        public Scores(double meanIou, double pixelAccuracy, double labelStableDifference, Double flowWarpedDifference,
                double sharpness, Map<String, Double> classIou) {
            this(meanIou, pixelAccuracy, labelStableDifference, flowWarpedDifference, sharpness, classIou, List.of());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Several reports as one JSON array. */
    public static String toJson(List<QualityReport> reports) {
        try {
            return JSON.writeValueAsString(reports);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A readable table: the summary, then IoU per class. */
    public String toTable() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %d frames from %s, segmenter %s%n", folder, frames, source, segmenter));
        b.append(String.format(Locale.ROOT, "%-28s %10s %10s%n", "", "generated", real == null ? "" : "real"));
        row(b, "mean IoU", generated.meanIou(), real == null ? null : real.meanIou(), "%.3f");
        row(b, "pixel accuracy", generated.pixelAccuracy(), real == null ? null : real.pixelAccuracy(), "%.3f");
        if (meanIouRatio != null) {
            b.append(String.format(Locale.ROOT, "%-28s %10.3f%n", "mean IoU ratio (gen / real)", meanIouRatio));
        }
        row(b, "label-stable difference", generated.labelStableDifference(), real == null ? null : real.labelStableDifference(), "%.2f");
        if (generated.flowWarpedDifference() != null) {
            row(b, "flow-warped difference", generated.flowWarpedDifference(), real == null ? null : real.flowWarpedDifference(), "%.2f");
        }
        row(b, "sharpness", generated.sharpness(), real == null ? null : real.sharpness(), "%.2f");
        if (generated.grid() != null) {
            row(b, "grid (8-px lattice peaks)", generated.grid(), real == null ? null : real.grid(), "%.2f");
        }
        b.append(String.format(Locale.ROOT, "%nIoU per class%n"));
        for (Map.Entry<String, Double> e : generated.classIou().entrySet()) {
            Double r = real == null ? null : real.classIou().get(e.getKey());
            row(b, "  " + e.getKey(), e.getValue(), r, "%.3f");
        }
        if (real != null) {
            for (Map.Entry<String, Double> e : real.classIou().entrySet()) {
                if (!generated.classIou().containsKey(e.getKey())) {
                    b.append(String.format(Locale.ROOT, "%-28s %10s %10.3f%n", "  " + e.getKey(), "-", e.getValue()));
                }
            }
        }
        if (generated.flowWarpedByClass() != null && real != null && real.flowWarpedByClass() != null) {
            b.append(String.format(Locale.ROOT, "%nFlow-warped difference per class (part: share of the generated total)%n"));
            b.append(String.format(Locale.ROOT, "%-28s %10s %10s %8s %8s%n", "", "generated", "real", "pixels", "part"));
            for (Map.Entry<String, TemporalMetrics.ClassPart> e : generated.flowWarpedByClass().entrySet()) {
                TemporalMetrics.ClassPart g = e.getValue();
                TemporalMetrics.ClassPart r = real.flowWarpedByClass().get(e.getKey());
                b.append(String.format(Locale.ROOT, "%-28s %10.2f %10s %7.1f%% %7.1f%%%n", "  " + e.getKey(), g.difference(),
                        r == null ? "-" : String.format(Locale.ROOT, "%.2f", r.difference()), 100 * g.pixelShare(),
                        100 * g.pixelShare() * g.difference() / generated.flowWarpedDifference()));
            }
        }
        return b.toString();
    }

    /** One Markdown row per report: the numbers a user compares models and sequences by. */
    public static String summaryTable(List<QualityReport> reports) {
        StringBuilder b = new StringBuilder();
        b.append("| sequence | frames from | frames | mIoU | mIoU real | ratio | pixel acc. | pixel acc. real"
                + " | label-stable diff. | real | flow-warped diff. | real | sharpness | real | grid | real |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (QualityReport r : reports) {
            Scores g = r.generated();
            Scores x = r.real();
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %s | %s | %.3f | %s | %.2f | %s | %s | %s | %.2f | %s | %s | %s |%n",
                    Path.of(r.folder()).getFileName(), r.source(), r.frames(), g.meanIou(),
                    x == null ? "–" : String.format(Locale.ROOT, "%.3f", x.meanIou()),
                    r.meanIouRatio() == null ? "–" : String.format(Locale.ROOT, "%.2f", r.meanIouRatio()), g.pixelAccuracy(),
                    x == null ? "–" : String.format(Locale.ROOT, "%.3f", x.pixelAccuracy()), g.labelStableDifference(),
                    x == null ? "–" : String.format(Locale.ROOT, "%.2f", x.labelStableDifference()),
                    g.flowWarpedDifference() == null ? "–" : String.format(Locale.ROOT, "%.2f", g.flowWarpedDifference()),
                    x == null ? "–" : String.format(Locale.ROOT, "%.2f", x.flowWarpedDifference()), g.sharpness(),
                    x == null ? "–" : String.format(Locale.ROOT, "%.2f", x.sharpness()), optional(g.grid()),
                    x == null ? "–" : optional(x.grid())));
        }
        return b.toString();
    }

    private static String optional(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static void row(StringBuilder b, String name, double generated, Double real, String format) {
        b.append(String.format(Locale.ROOT, "%-28s %10s %10s%n", name, String.format(Locale.ROOT, format, generated),
                real == null ? "" : String.format(Locale.ROOT, format, real)));
    }
}
