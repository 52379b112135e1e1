package ai.vidsynth.model.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.labels.LabelSet;
import org.junit.jupiter.api.Test;

class SegmentationScoresTest {

    @Test
    void iouOnHandMadeMapsWithKnownOverlap() {
        // truth: 4 road (0) then 4 car (13); prediction: 3 road, 1 car, then 2 car, 2 road
        int[] truth = {0, 0, 0, 0, 13, 13, 13, 13};
        int[] pred = {0, 0, 0, 13, 13, 13, 0, 0};
        SegmentationScores s = new SegmentationScores();
        s.add(truth, pred);
        // road: tp 3, fn 1, fp 2 -> 3/6; car: tp 2, fn 2, fp 1 -> 2/5
        assertEquals(0.5, s.iou(0), 1e-9);
        assertEquals(0.4, s.iou(13), 1e-9);
        assertEquals(0.45, s.meanIou(), 1e-9);
        assertEquals(5.0 / 8, s.pixelAccuracy(), 1e-9);
        assertTrue(Double.isNaN(s.iou(5)), "absent class is not counted");
    }

    @Test
    void ignoredTruthPixelsDoNotCount() {
        SegmentationScores s = new SegmentationScores();
        s.add(new int[] {255, 255, 0}, new int[] {0, 13, 0});
        assertEquals(1.0, s.meanIou(), 1e-9);
        assertEquals(1.0, s.pixelAccuracy(), 1e-9);
    }

    @Test
    void labelIdsMapToTheStandardTrainIds() {
        // road 7 -> 0, sidewalk 8 -> 1, building 11 -> 2, vegetation 21 -> 8, sky 23 -> 10, car 26 -> 13,
        // bicycle 33 -> 18; unlabeled 0, parking 9, license plate 34 -> ignored
        byte[] ids = {7, 8, 11, 21, 23, 26, 33, 0, 9, 34};
        assertArrayEquals(new int[] {0, 1, 2, 8, 10, 13, 18, 255, 255, 255},
                SegmentationScores.trainIds(ids, LabelSet.CITYSCAPES_35));
    }
}
