package ai.vidsynth.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What the measuring commands (demo, soak, bench) share: percentiles and their {@code --json} output. */
final class Reports {

    private Reports() {}

    /** The nearest-rank {@code p}-th percentile; NaN for no values. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    /** Writes {@code value} as indented JSON to {@code target} ("-": standard output); nothing when it is null. */
    static void writeJson(String target, Object value) throws IOException {
        if (target == null) {
            return;
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (target.equals("-")) {
            System.out.println(mapper.writeValueAsString(value));
            return;
        }
        Path file = Path.of(target);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        mapper.writeValue(file.toFile(), value);
        System.out.println("wrote " + file);
    }
}
