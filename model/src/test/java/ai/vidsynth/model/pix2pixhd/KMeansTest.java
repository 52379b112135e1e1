package ai.vidsynth.model.pix2pixhd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KMeansTest {

    @Test
    void findsWellSeparatedClustersLargestFirst() {
        Random r = new Random(3);
        List<float[]> pts = new ArrayList<>();
        float[][] truth = {{5, 5, 5}, {-5, 0, 0}, {0, -5, 5}};
        int[] sizes = {30, 20, 10};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                pts.add(new float[] {truth[c][0] + (float) r.nextGaussian() * 0.1f,
                        truth[c][1] + (float) r.nextGaussian() * 0.1f, truth[c][2] + (float) r.nextGaussian() * 0.1f});
            }
        }
        java.util.Collections.shuffle(pts, r);
        float[][] centres = KMeans.fit(pts, 3, 42, 100);
        assertEquals(3, centres.length);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(truth[c], centres[c], 0.1f);
        }
        // deterministic for a seed
        assertArrayEquals(centres[2], KMeans.fit(pts, 3, 42, 100)[2]);
    }

    @Test
    void fewerPointsThanClusters() {
        float[][] centres = KMeans.fit(List.of(new float[] {1, 2}), 5, 1, 10);
        assertEquals(1, centres.length);
        assertArrayEquals(new float[] {1, 2}, centres[0]);
    }
}
