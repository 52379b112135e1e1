package ai.vidsynth.model.train;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar with step count, named values (losses), seconds per step and ETA. On a terminal
 * it redraws in place; into a log file it writes a line every {@code logEvery} steps.
 */
public final class ProgressBar {

    private final String label;
    private final long total;
    private final long startStep;
    private final long startNanos = System.nanoTime();
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private final int logEvery;
    private final String unit;

    public ProgressBar(String label, long startStep, long total, int logEvery, PrintStream out) {
        this(label, "step", startStep, total, logEvery, out);
    }

    public ProgressBar(String label, String unit, long startStep, long total, int logEvery, PrintStream out) {
        this.label = label;
        this.unit = unit;
        this.startStep = startStep;
        this.total = total;
        this.logEvery = Math.max(1, logEvery);
        this.out = out;
    }

    public void update(long step, String values) {
        if (!terminal && step % logEvery != 0 && step != total) {
            return;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long done = step - startStep;
        double perStep = done > 0 ? elapsed / done : 0;
        long eta = (long) (perStep * (total - step));
        int width = 24;
        int filled = (int) (width * step / Math.max(1, total));
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        String line = String.format("%s %d/%d [%s] %5.1f%% %s | %.2f s/%s ETA %s", label, step, total, bar,
                100.0 * step / Math.max(1, total), values, perStep, unit, format(Duration.ofSeconds(eta)));
        if (terminal) {
            out.print("\r" + line);
            if (step == total) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** "name value name value" with three decimals, for loss maps. */
    public static String values(java.util.Map<String, Double> named) {
        StringBuilder sb = new StringBuilder();
        named.forEach((k, v) -> sb.append(k).append(' ').append(String.format("%.3f", v)).append(' '));
        return sb.toString().trim();
    }

    static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
