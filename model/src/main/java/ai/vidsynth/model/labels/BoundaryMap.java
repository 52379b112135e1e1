package ai.vidsynth.model.labels;

/**
 * pix2pixHD's instance boundary map: 1 where a pixel's instance id differs from any of its 4 neighbours,
 * else 0. Both pixels of a differing pair are marked, as in the reference implementation.
 */
public final class BoundaryMap {

    private BoundaryMap() {}

    public static boolean[] of(int[] instances, int width, int height) {
        boolean[] edge = new boolean[instances.length];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int i = row + x;
                if (x + 1 < width && instances[i] != instances[i + 1]) {
                    edge[i] = true;
                    edge[i + 1] = true;
                }
                if (y + 1 < height && instances[i] != instances[i + width]) {
                    edge[i] = true;
                    edge[i + width] = true;
                }
            }
        }
        return edge;
    }

    public static boolean[] of(LabelFrame frame) {
        return of(frame.instancesOrLabels(), frame.width(), frame.height());
    }
}
