package ai.vidsynth.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.schemas.registry.RegistryConfig;
import ai.vidsynth.schemas.registry.RegistryException;
import ai.vidsynth.schemas.registry.SchemaRegistry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Confluent's serde options and the failure messages, on the in-process registry. */
class SerdeOptionsTest {

    private static AvroSerializer<SemanticFrame> serializer(String scope, Map<String, Object> extra) {
        InMemorySchemaRegistry.drop(scope);
        Map<String, Object> c = new java.util.HashMap<>(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope));
        c.putAll(extra);
        AvroSerializer<SemanticFrame> s = new AvroSerializer<>(SemanticFrame.getClassSchema());
        s.configure(c, false);
        return s;
    }

    @Test
    void subjectNameStrategiesNameSubjectsAsConfluentsDo() {
        Schema s = SemanticFrame.getClassSchema();
        assertEquals("in-value", SubjectNameStrategy.of("io.confluent.kafka.serializers.subject.TopicNameStrategy").subject("in", false, s));
        assertEquals("in-key", SubjectNameStrategy.TOPIC_NAME.subject("in", true, s));
        assertEquals("ai.vidsynth.schemas.SemanticFrame", SubjectNameStrategy.of("io.confluent.kafka.serializers.subject.RecordNameStrategy").subject("in", false, s));
        assertEquals("in-ai.vidsynth.schemas.SemanticFrame", SubjectNameStrategy.of("TopicRecordNameStrategy").subject("in", false, s));
        assertThrows(IllegalArgumentException.class, () -> SubjectNameStrategy.of("com.example.MyStrategy"));
    }

    @Test
    void recordNameStrategyRegistersUnderTheRecordName() {
        serializer("rns", Map.of(SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "io.confluent.kafka.serializers.subject.RecordNameStrategy"))
                .serialize("in", ApicurioWireFormatTest.frame());
        assertEquals(List.of(1), InMemorySchemaRegistry.scope("rns").versions("ai.vidsynth.schemas.SemanticFrame"));
        assertEquals(List.of(), InMemorySchemaRegistry.scope("rns").versions("in-value"));
    }

    @Test
    void withoutAutoRegisterOnlyARegisteredSchemaIsWritten() {
        AvroSerializer<SemanticFrame> s = serializer("noauto", Map.of(SerdeConfig.AUTO_REGISTER_SCHEMAS, "false"));
        SerializationException e = assertThrows(SerializationException.class, () -> s.serialize("in", ApicurioWireFormatTest.frame()));
        assertTrue(e.getMessage().contains("not registered under subject in-value"), e.getMessage());
        int id = InMemorySchemaRegistry.scope("noauto").register("in-value", SemanticFrame.getClassSchema());
        assertEquals(id, ByteBuffer.wrap(s.serialize("in", ApicurioWireFormatTest.frame()), 1, 4).getInt());
    }

    @Test
    void useLatestVersionRefusesALatestSchemaThatCannotReadTheRecord() {
        AvroSerializer<SemanticFrame> s = serializer("latest-bad", Map.of(SerdeConfig.USE_LATEST_VERSION, "true"));
        InMemorySchemaRegistry.scope("latest-bad").register("in-value", FrameRejected.getClassSchema());
        SerializationException e = assertThrows(SerializationException.class, () -> s.serialize("in", ApicurioWireFormatTest.frame()));
        assertTrue(e.getMessage().contains("use.latest.version") && e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void useLatestVersionWritesTheLatestId() {
        AvroSerializer<SemanticFrame> s = serializer("latest-ok", Map.of(SerdeConfig.USE_LATEST_VERSION, "true"));
        SchemaRegistry r = InMemorySchemaRegistry.scope("latest-ok");
        r.register("in-value", SemanticFrame.getClassSchema());
        int v2 = r.register("in-value", ApicurioWireFormatTest.withOptionalNote());
        byte[] bytes = s.serialize("in", ApicurioWireFormatTest.frame());
        assertEquals(v2, ByteBuffer.wrap(bytes, 1, 4).getInt());
        assertEquals(ApicurioWireFormatTest.frame(), new AvroDeserializer<SemanticFrame>(SemanticFrame.getClassSchema(), r).deserialize("in", bytes));
    }

    @Test
    void decodingFailuresSayWhatIsWrong() {
        InMemorySchemaRegistry r = InMemorySchemaRegistry.scope("messages");
        AvroDeserializer<SemanticFrame> de = new AvroDeserializer<>(SemanticFrame.getClassSchema(), r);
        assertTrue(assertThrows(SerializationException.class, () -> de.deserialize("t", new byte[] {7, 0, 0, 0, 1, 2}))
                .getMessage().contains("unknown magic byte 7"));
        assertTrue(assertThrows(SerializationException.class, () -> de.deserialize("t", WireFormat.frame(4242, new byte[] {2})))
                .getMessage().contains("unknown schema id 4242"));
        int rejectedId = r.register("other-value", FrameRejected.getClassSchema());
        String wrongRecord = assertThrows(SerializationException.class, () -> de.deserialize("t", WireFormat.frame(rejectedId, new byte[] {0})))
                .getMessage();
        assertTrue(wrongRecord.contains("cannot be read as ai.vidsynth.schemas.SemanticFrame"), wrongRecord);
    }

    @Test
    void anUnreachableRegistryIsToldApartFromABadRecord() {
        AvroDeserializer<SemanticFrame> de = new AvroDeserializer<>(SemanticFrame.getClassSchema());
        de.configure(Map.of(RegistryConfig.URL, "http://localhost:1", RegistryConfig.MAX_RETRIES, "1", RegistryConfig.RETRIES_WAIT_MS, "10"), false);
        RegistryUnreachableException e = assertThrows(RegistryUnreachableException.class, () -> de.deserialize("t", WireFormat.frame(1, new byte[] {2})));
        assertTrue(e.getCause() instanceof RegistryException.UnavailableException);
    }
}
