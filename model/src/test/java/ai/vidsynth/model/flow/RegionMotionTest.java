package ai.vidsynth.model.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import org.junit.jupiter.api.Test;

/**
 * A region's inside moves with its edges: given a flow that is an expansion (the camera driving toward a facade) on
 * the facade's edges, with a quarter of the edge pixels wrong, and zero inside, the fill gives the expansion inside;
 * other labels, and regions too small to fit, keep their flow.
 */
class RegionMotionTest {

    static final int W = 160;
    static final int H = 96;
    static final int BUILDING = LabelSet.CITYSCAPES_35.idOf("building");
    static final int SKY = LabelSet.CITYSCAPES_35.idOf("sky");
    static final int ROAD = LabelSet.CITYSCAPES_35.idOf("road");

    /** Sky above, road below, a facade (x 20-99, y 20-69) and a small building (x 120-129, y 30-39). */
    static LabelFrame street() {
        byte[] labels = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int id = y < 50 ? SKY : ROAD;
                if (x >= 20 && x < 100 && y >= 20 && y < 70 || x >= 120 && x < 130 && y >= 30 && y < 40) {
                    id = BUILDING;
                }
                labels[y * W + x] = (byte) id;
            }
        }
        return new LabelFrame(W, H, labels, null);
    }

    /** Backward flow of an expansion by 4% about (60, 45): the previous frame's point is nearer the centre. */
    static float[] expansion(int x, int y) {
        return new float[] {(float) ((60 + (x - 60) / 1.04) - x), (float) ((45 + (y - 45) / 1.04) - y)};
    }

    /** The expansion on the facade's edge band (every fourth edge pixel off by 5 px), zero everywhere else. */
    static float[][] edgesOnly(LabelFrame f) {
        float[] edge = RegionMotion.edgeDistance(f);
        float[][] flow = new float[2][W * H];
        int n = 0;
        for (int i = 0; i < W * H; i++) {
            int x = i % W;
            int y = i / W;
            if (edge[i] <= RegionMotion.EDGE_BAND && x < 110) {
                float[] e = expansion(x, y);
                boolean outlier = n++ % 4 == 0;
                flow[0][i] = e[0] + (outlier ? 5 : 0);
                flow[1][i] = e[1] - (outlier ? 5 : 0);
            }
        }
        return flow;
    }

    @Test
    void theInsideOfAFacadeMovesAsItsEdgesDo() {
        LabelFrame f = street();
        float[][] flow = edgesOnly(f);
        RegionMotion.fill(f, flow, BUILDING);
        float[] edge = RegionMotion.edgeDistance(f);
        int inside = 0;
        for (int y = 20; y < 70; y++) {
            for (int x = 20; x < 100; x++) {
                int i = y * W + x;
                if (edge[i] > RegionMotion.EDGE_BAND) {
                    float[] e = expansion(x, y);
                    assertEquals(e[0], flow[0][i], 0.05, "u at " + x + "," + y);
                    assertEquals(e[1], flow[1][i], 0.05, "v at " + x + "," + y);
                    inside++;
                }
            }
        }
        assertTrue(inside > 2000, "pixels inside the facade: " + inside);
        // the expansion is not small there: at the facade's corner it is over 1.5 px
        assertTrue(Math.hypot(expansion(25, 25)[0], expansion(25, 25)[1]) > 1.5);
    }

    @Test
    void otherLabelsAndSmallRegionsKeepTheirFlow() {
        LabelFrame f = street();
        float[][] before = edgesOnly(f);
        for (int i = 0; i < W * H; i++) {
            before[0][i] += 0.25f * (i % 7);
            before[1][i] -= 0.5f * (i % 3);
        }
        float[][] after = {before[0].clone(), before[1].clone()};
        RegionMotion.fill(f, after, BUILDING);
        for (int i = 0; i < W * H; i++) {
            int x = i % W;
            int y = i / W;
            boolean facade = x >= 20 && x < 100 && y >= 20 && y < 70;
            if (!facade) {
                assertEquals(before[0][i], after[0][i], "u at " + x + "," + y);
                assertEquals(before[1][i], after[1][i], "v at " + x + "," + y);
            }
        }
    }

    @Test
    void theSameFramesGiveTheSameFlow() {
        LabelFrame f = street();
        float[][] a = edgesOnly(f);
        float[][] b = edgesOnly(f);
        RegionMotion.fill(f, a, BUILDING);
        RegionMotion.fill(f, b, BUILDING);
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
    }
}
