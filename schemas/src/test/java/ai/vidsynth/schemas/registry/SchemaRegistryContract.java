package ai.vidsynth.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * How a schema registry answers, as Confluent's server does. Run against the real Apicurio server
 * ({@link ApicurioRegistryContractTest}) and the in-process one ({@link InMemoryRegistryContractTest}), so
 * {@code mock://} tests stay truthful about the real thing.
 */
abstract class SchemaRegistryContract {

    /** A registry whose answers come from the server (no client cache shared with other tests). */
    abstract SchemaRegistry registry();

    static String subject(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
    }

    /** SemanticFrame with one more field; {@code withDefault} makes it a backward-compatible change. */
    static Schema semanticFrameWithNote(boolean withDefault) {
        String field = withDefault ? "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}"
                : "{\"name\":\"note\",\"type\":\"string\"}";
        String json = SemanticFrame.getClassSchema().toString();
        return new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']')) + "," + field + "]}");
    }

    @Test
    void theThreeSchemasRegisterAndComeBackById() {
        SchemaRegistry r = registry();
        int semantic = r.register(subject("semantic-frames"), SemanticFrame.getClassSchema());
        int synthesized = r.register(subject("synthesized-frames"), SynthesizedFrame.getClassSchema());
        int rejected = r.register(subject("frames-rejected"), FrameRejected.getClassSchema());
        assertEquals(3, Set.of(semantic, synthesized, rejected).size(), "three schemas, three ids");
        SchemaRegistry fresh = registry();
        assertEquals(SemanticFrame.getClassSchema(), fresh.byId(semantic));
        assertEquals(SynthesizedFrame.getClassSchema(), fresh.byId(synthesized));
        assertEquals(FrameRejected.getClassSchema(), fresh.byId(rejected));
    }

    @Test
    void sameSchemaUnderTwoSubjectsGetsOneId() {
        SchemaRegistry r = registry();
        assertEquals(r.register(subject("a"), SynthesizedFrame.getClassSchema()), r.register(subject("b"), SynthesizedFrame.getClassSchema()));
    }

    @Test
    void registeringTheSameSchemaTwiceKeepsOneVersion() {
        SchemaRegistry r = registry();
        String s = subject("twice");
        int id = r.register(s, FrameRejected.getClassSchema());
        assertEquals(id, registry().register(s, FrameRejected.getClassSchema()));
        RegisteredSchema latest = registry().latest(s);
        assertEquals(new RegisteredSchema(s, 1, id, FrameRejected.getClassSchema()), latest);
    }

    @Test
    void idOfFindsARegisteredSchemaWithoutRegisteringOthers() {
        SchemaRegistry r = registry();
        String s = subject("lookup");
        assertThrows(RegistryException.SchemaNotFoundException.class, () -> r.idOf(s, SemanticFrame.getClassSchema()), "unknown subject");
        int id = r.register(s, SemanticFrame.getClassSchema());
        assertEquals(id, registry().idOf(s, SemanticFrame.getClassSchema()));
        assertThrows(RegistryException.SchemaNotFoundException.class, () -> registry().idOf(s, semanticFrameWithNote(true)),
                "known subject, schema not registered under it");
        assertEquals(1, registry().latest(s).version(), "lookups register nothing");
    }

    @Test
    void unknownIdsAndSubjectsAreNamedErrors() {
        assertThrows(SchemaRegistry.UnknownSchemaIdException.class, () -> registry().byId(987_654));
        assertThrows(RegistryException.SubjectNotFoundException.class, () -> registry().latest(subject("never")));
    }

    @Test
    void backwardCompatibleChangeIsAcceptedAsANewVersion() {
        SchemaRegistry r = registry();
        String s = subject("evolving");
        r.setCompatibility(s, CompatibilityLevel.BACKWARD);
        int v1 = r.register(s, SemanticFrame.getClassSchema());
        assertTrue(r.isCompatible(s, semanticFrameWithNote(true)));
        int v2 = r.register(s, semanticFrameWithNote(true));
        assertNotEquals(v1, v2);
        assertEquals(new RegisteredSchema(s, 2, v2, semanticFrameWithNote(true)), registry().latest(s));
    }

    @Test
    void incompatibleChangeIsRefusedWithAClearError() {
        SchemaRegistry r = registry();
        String s = subject("strict");
        r.setCompatibility(s, CompatibilityLevel.BACKWARD);
        r.register(s, SemanticFrame.getClassSchema());
        // a new required field: the new schema cannot read frames written before it
        assertFalse(r.isCompatible(s, semanticFrameWithNote(false)));
        RegistryException e = assertThrows(RegistryException.IncompatibleSchemaException.class,
                () -> r.register(s, semanticFrameWithNote(false)));
        assertEquals(409, e.errorCode());
        assertTrue(e.getMessage().toLowerCase().contains("incompatible") || e.getMessage().toLowerCase().contains("compatib"), e.getMessage());
        assertEquals(1, registry().latest(s).version(), "the refused schema is not a version");
    }

    @Test
    void anyFirstSchemaIsCompatibleWithANewSubject() {
        assertTrue(registry().isCompatible(subject("new"), SemanticFrame.getClassSchema()));
    }
}
