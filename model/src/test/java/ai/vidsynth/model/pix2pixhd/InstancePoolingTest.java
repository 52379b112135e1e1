package ai.vidsynth.model.pix2pixhd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstancePoolingTest {

    @Test
    void everyPixelGetsItsInstanceMean() {
        int[] ids = {7, 7, 26001, 26001, 26002, 7};
        InstancePooling p = new InstancePooling(ids, 3, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] f = {1, 3, 10, 20, 5, 2};
            float[] pooled = p.pool(m.create(f, new Shape(1, 1, 2, 3))).toFloatArray();
            assertArrayEquals(new float[] {2, 2, 15, 15, 5, 2}, pooled, 1e-6f);
            assertArrayEquals(new int[] {7, 26001, 26002}, p.instances());
            assertArrayEquals(new float[] {2, 15, 5}, p.perInstance(m.create(f, new Shape(1, 1, 2, 3))).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void paintsChosenFeatures() {
        InstancePooling p = new InstancePooling(new int[] {7, 26001}, 2, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            var x = p.paint(m, Map.of(7, new float[] {1, 2}, 26001, new float[] {3, 4}), 2);
            assertEquals(new Shape(1, 2, 1, 2), x.getShape());
            assertArrayEquals(new float[] {1, 3, 2, 4}, x.toFloatArray());
        }
    }

    @Test
    void styleChoiceIsPerClassAndSeeded() {
        StyleClusters s = new StyleClusters(Map.of(26, new float[][] {{0}, {1}, {2}}, 7, new float[][] {{5}, {6}}));
        int[] ids = {7, 26001, 26002};
        assertArrayEquals(new float[] {0}, s.featuresFor(ids, StyleClusters.Choice.DEFAULT).get(26001));
        var chosen = s.featuresFor(ids, new StyleClusters.Choice(null, Map.of(26, 2)));
        assertArrayEquals(new float[] {2}, chosen.get(26001));
        assertArrayEquals(new float[] {2}, chosen.get(26002), "all instances of a class share its choice");
        assertArrayEquals(new float[] {5}, chosen.get(7));
        assertEquals(s.resolve(StyleClusters.Choice.seeded(9), java.util.List.of(7, 26)),
                s.resolve(StyleClusters.Choice.seeded(9), java.util.List.of(26, 7)));
    }
}
