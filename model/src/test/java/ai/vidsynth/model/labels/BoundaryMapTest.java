package ai.vidsynth.model.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class BoundaryMapTest {

    @Test
    void marksBothSidesOfEveryInstanceChangeAndNothingElse() {
        // 5x4 map: instance 1 on the left, a 2x2 instance 2 top-right, instance 3 below it
        int[] ids = {
            1, 1, 1, 2, 2,
            1, 1, 1, 2, 2,
            1, 1, 1, 3, 3,
            1, 1, 1, 3, 3,
        };
        boolean[] edge = BoundaryMap.of(ids, 5, 4);
        int[] expected = {
            0, 0, 1, 1, 0,
            0, 0, 1, 1, 1,
            0, 0, 1, 1, 1,
            0, 0, 1, 1, 0,
        };
        int[] actual = new int[edge.length];
        for (int i = 0; i < edge.length; i++) {
            actual[i] = edge[i] ? 1 : 0;
        }
        assertArrayEquals(expected, actual);
    }

    @Test
    void uniformMapHasNoBoundary() {
        boolean[] edge = BoundaryMap.of(new int[] {7, 7, 7, 7, 7, 7}, 3, 2);
        assertArrayEquals(new boolean[6], edge);
    }
}
