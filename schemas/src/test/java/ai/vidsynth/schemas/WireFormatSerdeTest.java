package ai.vidsynth.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.schemas.serde.AvroDeserializer;
import ai.vidsynth.schemas.serde.AvroSerializer;
import ai.vidsynth.schemas.serde.SerdeConfig;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatSerdeTest {

    static SemanticFrame frame() {
        return SemanticFrame.newBuilder()
                .setVideoId("cam-1").setFrameIndex(3).setTimestamp(Instant.ofEpochMilli(1_700_000_000_123L))
                .setWidth(4).setHeight(2).setLabels(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setControl(FrameControl.newBuilder().setStartOfSequence(true).setClassStyles(Map.of("26", 2)).build())
                .build();
    }

    static byte[] avroBinary(SemanticFrame f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(SemanticFrame.class).write(f, enc);
        enc.flush();
        return out.toByteArray();
    }

    @Test
    void bytesAreMagicZeroThenTheRegisteredIdThenPlainAvro() throws Exception {
        InMemorySchemaRegistry.drop("wire");
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope("wire");
        // an unrelated schema first, so the frame's id is not trivially 1
        registry.register("other-value", FrameRejected.getClassSchema());
        AvroSerializer<SemanticFrame> ser = new AvroSerializer<>(SemanticFrame.getClassSchema());
        ser.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://wire"), false);
        byte[] bytes = ser.serialize("semantic-frames", frame());
        int id = registry.register("semantic-frames-value", SemanticFrame.getClassSchema());
        assertEquals(2, id);
        assertEquals(0, bytes[0]);
        assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
        assertArrayEquals(avroBinary(frame()), Arrays.copyOfRange(bytes, 5, bytes.length));
        assertEquals(java.util.List.of(2), registry.versions("semantic-frames-value"));
    }

    @Test
    void roundTripsThroughTheRegistry() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope("roundtrip");
        AvroSerializer<SemanticFrame> ser = new AvroSerializer<>(SemanticFrame.getClassSchema(), registry, false);
        AvroDeserializer<SemanticFrame> de = new AvroDeserializer<>(SemanticFrame.getClassSchema(), registry);
        assertEquals(frame(), de.deserialize("t", ser.serialize("t", frame())));
    }

    @Test
    void sameSchemaUnderTwoSubjectsHasOneId() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope("subjects");
        assertEquals(registry.register("a-value", SemanticFrame.getClassSchema()),
                registry.register("b-value", SemanticFrame.getClassSchema()));
    }

    @Test
    void badPayloadsFailWithAClearSerializationError() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope("bad");
        AvroDeserializer<SemanticFrame> de = new AvroDeserializer<>(SemanticFrame.getClassSchema(), registry);
        SerializationException magic = assertThrows(SerializationException.class, () -> de.deserialize("t", new byte[] {1, 0, 0, 0, 1, 2}));
        assertTrue(magic.getMessage().contains("magic"), magic.getMessage());
        SerializationException unknownId = assertThrows(SerializationException.class, () -> de.deserialize("t", new byte[] {0, 0, 0, 0, 99, 2}));
        assertTrue(unknownId.getMessage().contains("99"), unknownId.getMessage());
        int id = registry.register("t-value", SemanticFrame.getClassSchema());
        byte[] truncated = {0, 0, 0, 0, (byte) id, 10, 'c'};
        assertThrows(SerializationException.class, () -> de.deserialize("t", truncated));
        assertThrows(SerializationException.class, () -> de.deserialize("t", new byte[] {0, 0}));
    }
}
