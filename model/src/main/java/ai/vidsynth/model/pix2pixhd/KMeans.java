package ai.vidsynth.model.pix2pixhd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Lloyd's k-means with k-means++ seeding, deterministic for a seed. Hand-written because it runs on a few
 * hundred 3-d points per class (pix2pixHD's per-class clustering of instance features) and pulling in a
 * machine-learning library for that would dwarf the code. Centres come back sorted by cluster size,
 * largest first, so centre 0 is the most common style of a class.
 */
public final class KMeans {

    private KMeans() {}

    public static float[][] fit(List<float[]> points, int k, long seed, int iterations) {
        if (points.isEmpty()) {
            return new float[0][];
        }
        int n = points.size();
        int d = points.get(0).length;
        k = Math.min(k, n);
        Random rnd = new Random(seed);
        List<float[]> centres = new ArrayList<>();
        centres.add(points.get(rnd.nextInt(n)).clone());
        double[] dist = new double[n];
        while (centres.size() < k) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                dist[i] = nearest(points.get(i), centres)[1];
                total += dist[i];
            }
            if (total == 0) {
                break;
            }
            double r = rnd.nextDouble() * total;
            int pick = 0;
            for (double acc = dist[0]; acc < r && pick < n - 1; acc += dist[++pick]) {
                // advance to the point whose cumulative distance passes r
            }
            centres.add(points.get(pick).clone());
        }
        int[] assignment = new int[n];
        for (int it = 0; it < iterations; it++) {
            boolean changed = it == 0;
            for (int i = 0; i < n; i++) {
                int a = (int) nearest(points.get(i), centres)[0];
                changed |= a != assignment[i];
                assignment[i] = a;
            }
            float[][] sums = new float[centres.size()][d];
            int[] counts = new int[centres.size()];
            for (int i = 0; i < n; i++) {
                counts[assignment[i]]++;
                for (int j = 0; j < d; j++) {
                    sums[assignment[i]][j] += points.get(i)[j];
                }
            }
            for (int c = 0; c < centres.size(); c++) {
                if (counts[c] > 0) {
                    for (int j = 0; j < d; j++) {
                        sums[c][j] /= counts[c];
                    }
                    centres.set(c, sums[c]);
                }
            }
            if (!changed) {
                break;
            }
        }
        int[] size = new int[centres.size()];
        for (int a : assignment) {
            size[a]++;
        }
        Integer[] order = new Integer[centres.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -size[i]).thenComparingInt(i -> i));
        float[][] out = new float[order.length][];
        for (int i = 0; i < order.length; i++) {
            out[i] = centres.get(order[i]);
        }
        return out;
    }

    /** {index of the nearest centre, squared distance to it}. */
    static double[] nearest(float[] p, List<float[]> centres) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int c = 0; c < centres.size(); c++) {
            double s = 0;
            float[] q = centres.get(c);
            for (int j = 0; j < p.length; j++) {
                double diff = p[j] - q[j];
                s += diff * diff;
            }
            if (s < bestD) {
                bestD = s;
                best = c;
            }
        }
        return new double[] {best, bestD};
    }
}
