package ai.vidsynth.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every released version of each schema (src/main/avro-history) against every other, with Avro's own
 * SchemaCompatibility: each version must read data written by any other, older or newer (FULL_TRANSITIVE),
 * because producers and consumers of different releases share the topics.
 */
class SchemaHistoryTest {

    private static final Path HISTORY = Path.of("src/main/avro-history");

    static Stream<Schema> currentSchemas() {
        return Stream.of(SemanticFrame.getClassSchema(), SynthesizedFrame.getClassSchema(), FrameRejected.getClassSchema());
    }

    static List<Schema> versions(String record) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(HISTORY.resolve(record))) {
            files = s.filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "")))).toList();
        }
        List<Schema> schemas = new ArrayList<>();
        for (Path f : files) {
            schemas.add(new Schema.Parser().parse(f.toFile()));
        }
        return schemas;
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void theCurrentSchemaIsTheNewestVersionKept(Schema current) throws IOException {
        List<Schema> versions = versions(current.getName());
        assertFalse(versions.isEmpty(), "no history for " + current.getName());
        Schema newest = versions.get(versions.size() - 1);
        assertEquals(SchemaNormalization.toParsingForm(current), SchemaNormalization.toParsingForm(newest),
                current.getName() + ".avsc changed: add it to avro-history as the next version (see its README)");
        // the .avsc itself (the generated class's schema carries Java-only string properties)
        Schema source = new Schema.Parser().parse(Path.of("src/main/avro", current.getName() + ".avsc").toFile());
        assertEquals(source.toString(), newest.toString(), current.getName() + ".avsc: defaults or docs differ from the newest version kept");
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void everyVersionReadsDataOfEveryOtherVersion(Schema current) throws IOException {
        List<Schema> versions = versions(current.getName());
        for (int reader = 0; reader < versions.size(); reader++) {
            for (int writer = 0; writer < versions.size(); writer++) {
                Schema r = versions.get(reader);
                Schema w = versions.get(writer);
                assertTrue(CompatibilityLevel.canRead(r, w), current.getName() + " v" + (reader + 1) + " cannot read data written with v"
                        + (writer + 1) + ": " + CompatibilityLevel.incompatibility(r, w));
            }
        }
    }

    @Test
    void theCheckCatchesABreakingChange() {
        // the rule above with a change it must refuse: a new field without a default cannot read older data
        String json = SemanticFrame.getClassSchema().toString();
        Schema breaking = new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']')) + ",{\"name\":\"x\",\"type\":\"int\"}]}");
        assertFalse(CompatibilityLevel.canRead(breaking, SemanticFrame.getClassSchema()));
        assertEquals(null, CompatibilityLevel.FULL_TRANSITIVE.violation(SemanticFrame.getClassSchema(), List.of(SemanticFrame.getClassSchema())));
        assertTrue(CompatibilityLevel.FULL_TRANSITIVE.violation(breaking, List.of(SemanticFrame.getClassSchema())).contains("x"));
    }
}
