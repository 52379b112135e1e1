package ai.vidsynth.model.eval;

import ai.vidsynth.model.labels.LabelSet;

/**
 * A confusion matrix over the 19 Cityscapes training classes, accumulated over frames: per-class IoU,
 * mean IoU (over the classes present in the ground truth or the prediction) and pixel accuracy. Pixels
 * whose ground truth is ignored (trainId 255) do not count, as in the Cityscapes benchmark.
 */
public final class SegmentationScores {

    public static final int CLASSES = 19;

    private final long[][] confusion = new long[CLASSES][CLASSES];

    /** @param truth and {@code predicted}: trainIds per pixel (255 = ignore in truth) */
    public void add(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("sizes differ: " + truth.length + " vs " + predicted.length);
        }
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != LabelSet.IGNORE_TRAIN_ID && predicted[i] >= 0 && predicted[i] < CLASSES) {
                confusion[truth[i]][predicted[i]]++;
            }
        }
    }

    /** IoU of a class, or NaN where it is absent from both truth and prediction. */
    public double iou(int trainId) {
        long tp = confusion[trainId][trainId];
        long fn = 0;
        long fp = 0;
        for (int j = 0; j < CLASSES; j++) {
            if (j != trainId) {
                fn += confusion[trainId][j];
                fp += confusion[j][trainId];
            }
        }
        long union = tp + fn + fp;
        return union == 0 ? Double.NaN : (double) tp / union;
    }

    public double meanIou() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < CLASSES; c++) {
            double v = iou(c);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    public double pixelAccuracy() {
        long correct = 0;
        long total = 0;
        for (int i = 0; i < CLASSES; i++) {
            for (int j = 0; j < CLASSES; j++) {
                total += confusion[i][j];
                if (i == j) {
                    correct += confusion[i][j];
                }
            }
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** Cityscapes label ids to trainIds (255 for labels not evaluated). */
    public static int[] trainIds(byte[] labelIds, LabelSet labelSet) {
        int[] out = new int[labelIds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labelSet.trainId(labelIds[i] & 0xff);
        }
        return out;
    }
}
