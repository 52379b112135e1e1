package ai.vidsynth.model.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The quality the default model must reach on sequences it has not seen, each measure a ratio to the camera frames
 * of the same sequence: as recognizable to the segmenter (mean IoU ratio), as sharp, and not much less steady after
 * flow warping. Ratios, not absolute numbers, because the camera frames of each sequence differ in detail and motion;
 * all three together, because each alone is easy to game (a blurred video is steady, a noisy one is sharp).
 *
 * @param minMeanIouRatio      generated mean IoU / real mean IoU, at least
 * @param minSharpnessRatio    generated sharpness / camera frames' sharpness, at least
 * @param maxFlowWarpedRatio   generated flow-warped difference / camera frames', at most
 */
public record QualityGoal(double minMeanIouRatio, double minSharpnessRatio, double maxFlowWarpedRatio) {

    /** The goal of the project's default model (issue 14). */
    public static final QualityGoal DEFAULT_MODEL = new QualityGoal(0.9, 0.9, 1.3);

    /** One report's three ratios; null where the folder has no camera frames. */
    public record Ratios(double meanIou, double sharpness, double flowWarped) {}

    public static Ratios ratios(QualityReport r) {
        QualityReport.Scores g = r.generated();
        QualityReport.Scores x = r.real();
        if (x == null || r.meanIouRatio() == null || g.flowWarpedDifference() == null || x.flowWarpedDifference() == null) {
            return null;
        }
        return new Ratios(r.meanIouRatio(), g.sharpness() / x.sharpness(), g.flowWarpedDifference() / x.flowWarpedDifference());
    }

    public boolean met(Ratios r) {
        return r.meanIou() >= minMeanIouRatio && r.sharpness() >= minSharpnessRatio && r.flowWarped() <= maxFlowWarpedRatio;
    }

    /** A Markdown row per report with camera frames: the three ratios, each marked where it misses; empty without any. */
    public String table(List<QualityReport> reports) {
        StringBuilder b = new StringBuilder();
        for (QualityReport report : reports) {
            Ratios r = ratios(report);
            if (r == null) {
                continue;
            }
            if (b.length() == 0) {
                b.append(String.format(Locale.ROOT, "| sequence | frames from | mIoU ratio (>= %.2f) | sharpness ratio (>= %.2f)"
                        + " | flow-warped ratio (<= %.2f) | goal |%n|---|---|---:|---:|---:|---|%n",
                        minMeanIouRatio, minSharpnessRatio, maxFlowWarpedRatio));
            }
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", Path.of(report.folder()).getFileName(), report.source(),
                    mark(r.meanIou(), r.meanIou() >= minMeanIouRatio), mark(r.sharpness(), r.sharpness() >= minSharpnessRatio),
                    mark(r.flowWarped(), r.flowWarped() <= maxFlowWarpedRatio), met(r) ? "met" : "not met"));
        }
        return b.toString();
    }

    private static String mark(double v, boolean ok) {
        return String.format(Locale.ROOT, ok ? "%.2f" : "**%.2f**", v);
    }
}
