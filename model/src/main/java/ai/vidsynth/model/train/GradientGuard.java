package ai.vidsynth.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Keeps one bad backward pass from ruining an Adam optimizer: an update is applied only when the gradient
 * is finite and its norm is not a spike (more than {@code spikeFactor} times the median of the last
 * {@code window} accepted norms). Measured on the vid2vid trainer: now and then a window gives NaN gradients,
 * or finite ones orders of magnitude too large; one such update inflates Adam's second moment so much that
 * every later step is close to zero, and the generator stopped changing for hundreds of steps (its weights
 * byte-identical across checkpoints) while the discriminators went on learning, until the process was
 * restarted with fresh optimizer moments. Clipping would still feed the spike into the moments; skipping
 * it does not.
 */
final class GradientGuard {

    /** What happened to an update. */
    enum Outcome { APPLIED, NON_FINITE, SPIKE }

    private final int window;
    private final double spikeFactor;
    private final Deque<Double> recent = new ArrayDeque<>();
    private final java.util.EnumMap<Outcome, Long> counts = new java.util.EnumMap<>(Outcome.class);

    GradientGuard(int window, double spikeFactor) {
        this.window = window;
        this.spikeFactor = spikeFactor;
    }

    static GradientGuard standard() {
        return new GradientGuard(50, 20);
    }

    /** Skips only non-finite gradients. */
    static GradientGuard finiteOnly() {
        return new GradientGuard(1, Double.POSITIVE_INFINITY);
    }

    /** Updates {@code adam}'s parameters unless their gradient is non-finite or a spike. */
    Outcome apply(Adam adam) {
        Outcome o = decide(adam, adam.parameters());
        counts.merge(o, 1L, Long::sum);
        return o;
    }

    /** How many updates had each outcome so far in this process. */
    long count(Outcome o) {
        return counts.getOrDefault(o, 0L);
    }

    private Outcome decide(Adam adam, List<Parameter> params) {
        double norm = Math.sqrt(squaredNorm(params));
        if (!Double.isFinite(norm)) {
            if (System.getProperty("vidsynth.debug.nonfinite") != null) {
                System.err.println("non-finite gradient in: " + nonFinite(params));
            }
            return Outcome.NON_FINITE;
        }
        if (recent.size() >= 10 && norm > spikeFactor * median()) {
            if (System.getProperty("vidsynth.debug.nonfinite") != null) {
                System.err.println("spike, norm " + norm + " (median " + median() + "): " + nonFinite(params));
            }
            return Outcome.SPIKE;
        }
        recent.addLast(norm);
        if (recent.size() > window) {
            recent.removeFirst();
        }
        adam.update();
        return Outcome.APPLIED;
    }

    double median() {
        List<Double> sorted = new ArrayList<>(recent);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * The parameters whose gradient is not finite or above 1e15 anywhere, with their NaN and infinity counts and their
     * largest gradient; and the five largest gradients of the rest.
     */
    static List<String> nonFinite(List<Parameter> params) {
        List<String> out = new ArrayList<>();
        java.util.TreeMap<Float, String> largest = new java.util.TreeMap<>();
        int index = -1;
        for (Parameter p : params) {
            index++;
            try (NDArray grad = p.getArray().getGradient(); NDArray nan = grad.isNaN(); NDArray inf = grad.isInfinite();
                    NDArray nanCount = nan.sum(); NDArray infCount = inf.sum(); NDArray w = p.getArray().isNaN(); NDArray wNan = w.sum()) {
                long nans = nanCount.toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
                long infs = infCount.toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
                long wn = wNan.toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
                float maxAbs;
                try (NDArray a = grad.abs(); NDArray mx = a.max()) {
                    maxAbs = mx.getFloat();
                }
                if (nans + infs + wn > 0 || !(maxAbs < 1e15f)) {
                    out.add("#" + index + " " + p.getName() + " " + p.getArray().getShape() + " nan " + nans + " inf " + infs + " weightNaN " + wn
                            + " max|grad| " + maxAbs);
                } else {
                    largest.put(maxAbs, "#" + index + " " + p.getName() + " " + p.getArray().getShape());
                    while (largest.size() > 5) {
                        largest.pollFirstEntry();
                    }
                }
            }
        }
        largest.descendingMap().forEach((v, name) -> out.add("largest: " + name + " " + v));
        return out;
    }

    /**
     * The gradient's squared norm, summed in double precision. In float32 the sum of squares overflowed to infinity
     * for finite gradients of about 1e16 and more (distilling the real-time model from scratch, about one update in
     * twenty): those updates were counted as non-finite although every gradient element was finite. They were
     * skipped either way; summed in double they are what they are, spikes.
     */
    static double squaredNorm(List<Parameter> params) {
        double sum = 0;
        for (Parameter p : params) {
            try (NDArray grad = p.getArray().getGradient(); NDArray wide = grad.toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
                    NDArray sq = wide.square(); NDArray s = sq.sum()) {
                sum += s.getDouble();
            }
        }
        return sum;
    }
}
