package ai.vidsynth.model.eval;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a sequence of frames against the label maps they were made from: segmentation consistency (the
 * segmenter's prediction on each frame against its labels, at the segmenter's resolution), temporal
 * stability and sharpness. The same code scores the real frames, so the two are comparable.
 */
public final class QualityEvaluation {

    private final Segmenter segmenter;

    public QualityEvaluation(Segmenter segmenter) {
        this.segmenter = segmenter;
    }

    /**
     * @param labels    the input label maps, one per frame, at the frames' size
     * @param generated the frames to judge
     * @param real      the camera frames at the same size, or empty
     */
    public QualityReport evaluate(String folder, String source, List<LabelFrame> labels, List<RgbImage> generated,
            List<RgbImage> real) {
        if (labels.size() != generated.size() || (!real.isEmpty() && real.size() != generated.size())) {
            throw new IllegalArgumentException("frame counts differ: " + labels.size() + " labels, " + generated.size()
                    + " generated, " + real.size() + " real");
        }
        if (generated.isEmpty()) {
            throw new IllegalArgumentException("no frames to evaluate in " + folder);
        }
        QualityReport.Scores gen = scores(labels, generated, real);
        QualityReport.Scores rea = real.isEmpty() ? null : scores(labels, real, real);
        Double ratio = rea == null || rea.meanIou() == 0 ? null : gen.meanIou() / rea.meanIou();
        return new QualityReport(folder, source, generated.size(), segmenter.card().fullId(), gen, rea, ratio);
    }

    private QualityReport.Scores scores(List<LabelFrame> labels, List<RgbImage> frames, List<RgbImage> real) {
        SegmentationScores seg = new SegmentationScores();
        for (int i = 0; i < frames.size(); i++) {
            LabelFrame truth = labels.get(i).resizedNearest(segmenter.width(), segmenter.height());
            seg.add(SegmentationScores.trainIds(truth.labels(), LabelSet.CITYSCAPES_35), segmenter.predict(frames.get(i)));
        }
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (int c = 0; c < SegmentationScores.CLASSES; c++) {
            double iou = seg.iou(c);
            if (!Double.isNaN(iou)) {
                perClass.put(trainIdName(c), iou);
            }
        }
        TemporalMetrics.FlowWarped warped = real.isEmpty() ? null : TemporalMetrics.flowWarped(frames, real, labels);
        double[] sharpness = TemporalMetrics.sharpnessByFrame(frames);
        List<Double> byFrame = new java.util.ArrayList<>();
        for (double v : sharpness) {
            byFrame.add(Math.round(v * 1000) / 1000.0);
        }
        return new QualityReport.Scores(seg.meanIou(), seg.pixelAccuracy(), TemporalMetrics.labelStableDifference(frames, labels),
                warped == null ? null : warped.total(), TemporalMetrics.sharpness(frames), perClass, byFrame, gridOf(frames),
                warped == null ? null : warped.byClass());
    }

    /** The lattice measure where the frames' sides allow it (multiples of 8: every shipped size). */
    private static Double gridOf(List<RgbImage> frames) {
        return GridTexture.fits(frames.get(0)) ? GridTexture.peakRatio(frames) : null;
    }

    /** The name of the first Cityscapes label with this trainId (road, sidewalk, ...). */
    static String trainIdName(int trainId) {
        for (int id = 0; id < LabelSet.CITYSCAPES_35.size(); id++) {
            if (LabelSet.CITYSCAPES_35.contains(id) && LabelSet.CITYSCAPES_35.label(id).trainId() == trainId) {
                return LabelSet.CITYSCAPES_35.label(id).name();
            }
        }
        throw new IllegalArgumentException("no label with trainId " + trainId);
    }
}
