package ai.vidsynth.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Confluent's compatibility rules, checked with Avro's own {@link SchemaCompatibility}. BACKWARD: the new
 * schema reads data written with the previous one (consumers upgrade first); FORWARD: the previous reads the
 * new (producers upgrade first); FULL: both; the TRANSITIVE forms check every earlier version, not only the last.
 */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** Why {@code candidate} may not follow {@code earlier} (oldest first) under this rule, or null when it may. */
    public String violation(Schema candidate, List<Schema> earlier) {
        if (this == NONE || earlier.isEmpty()) {
            return null;
        }
        List<Schema> checked = name().endsWith("TRANSITIVE") ? earlier : List.of(earlier.get(earlier.size() - 1));
        boolean backward = name().startsWith("BACKWARD") || name().startsWith("FULL");
        boolean forward = name().startsWith("FORWARD") || name().startsWith("FULL");
        for (Schema old : checked) {
            if (backward && !canRead(candidate, old)) {
                return "new schema cannot read data written with " + old.getFullName() + ": " + incompatibility(candidate, old);
            }
            if (forward && !canRead(old, candidate)) {
                return "an earlier schema cannot read data written with the new one: " + incompatibility(old, candidate);
            }
        }
        return null;
    }

    public static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    public static String incompatibility(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .reduce((a, b) -> a + "; " + b).orElse("compatible");
    }
}
