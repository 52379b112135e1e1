package ai.vidsynth.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.FrameControl;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.registry.ApicurioRegistryServer;
import ai.vidsynth.schemas.registry.CompatibilityLevel;
import ai.vidsynth.schemas.registry.ConfluentRegistryClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The project's serdes against a real Confluent-API registry (Apicurio 2.4.2), checked from outside:
 * bytes against Avro's own encoder, and decoding with nothing but the REST API and Avro, both ways.
 */
class ApicurioWireFormatTest {

    @RegisterExtension
    static final ApicurioRegistryServer SERVER = new ApicurioRegistryServer();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static SemanticFrame frame() {
        return SemanticFrame.newBuilder()
                .setVideoId("cam-7").setFrameIndex(41).setTimestamp(Instant.ofEpochMilli(1_700_000_000_456L))
                .setWidth(4).setHeight(2).setLabels(ByteBuffer.wrap(new byte[] {7, 8, 9}))
                .setControl(FrameControl.newBuilder().setSeed(5L).build()).setMetadata(Map.of("camera", "north"))
                .build();
    }

    private static String topic() {
        return "frames-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> config(Map<String, Object> extra) {
        Map<String, Object> c = new HashMap<>(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, SERVER.url()));
        c.putAll(extra);
        return c;
    }

    private static AvroSerializer<SemanticFrame> serializer(Map<String, Object> extra) {
        AvroSerializer<SemanticFrame> s = new AvroSerializer<>(SemanticFrame.getClassSchema());
        s.configure(config(extra), false);
        return s;
    }

    private static AvroDeserializer<SemanticFrame> deserializer() {
        AvroDeserializer<SemanticFrame> d = new AvroDeserializer<>(SemanticFrame.getClassSchema());
        d.configure(config(Map.of()), false);
        return d;
    }

    private static byte[] avroOf(SemanticFrame f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(SemanticFrame.class).write(f, enc);
        enc.flush();
        return out.toByteArray();
    }

    /** Plain REST: {@code GET /subjects/{s}/versions/latest}, no project code. */
    private static JsonNode latest(String subject) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(SERVER.url() + "/subjects/"
                + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions/latest")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void bytesAreZeroThenTheRegisteredIdThenAvrosOwnEncoding() throws Exception {
        String topic = topic();
        byte[] bytes = serializer(Map.of()).serialize(topic, frame());
        int registeredId = latest(topic + "-value").get("id").asInt();
        assertEquals(0, bytes[0]);
        assertEquals(registeredId, ByteBuffer.wrap(bytes, 1, 4).getInt());
        assertArrayEquals(avroOf(frame()), Arrays.copyOfRange(bytes, 5, bytes.length));
    }

    @Test
    void outputDecodesWithOnlyTheRestApiAndAvro() throws Exception {
        byte[] bytes = serializer(Map.of()).serialize(topic(), frame());
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(SERVER.url() + "/schemas/ids/" + id)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Schema writer = new Schema.Parser().parse(JSON.readTree(body).get("schema").asText());
        GenericRecord r = new GenericDatumReader<GenericRecord>(writer)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertEquals("cam-7", r.get("videoId").toString());
        assertEquals(41L, r.get("frameIndex"));
        assertEquals(1_700_000_000_456L, r.get("timestamp"));
        assertEquals(ByteBuffer.wrap(new byte[] {7, 8, 9}), r.get("labels"));
        assertEquals(5L, ((GenericRecord) r.get("control")).get("seed"));
    }

    @Test
    void aRecordProducedWithOnlyTheRestApiAndAvroIsRead() throws Exception {
        String subject = topic() + "-value";
        String registerBody = JSON.createObjectNode().put("schema", SemanticFrame.getClassSchema().toString()).toString();
        String answer = HTTP.send(HttpRequest.newBuilder(URI.create(SERVER.url() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(registerBody)).build(), HttpResponse.BodyHandlers.ofString()).body();
        int id = JSON.readTree(answer).get("id").asInt();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        out.write(avroOf(frame()));
        assertEquals(frame(), deserializer().deserialize(subject, out.toByteArray()));
    }

    @Test
    void anOldReaderReadsRecordsOfABackwardCompatibleNewerSchema() throws Exception {
        Schema v2 = withOptionalNote();
        String topic = topic();
        ConfluentRegistryClient admin = new ConfluentRegistryClient(SERVER.url());
        admin.setCompatibility(topic + "-value", CompatibilityLevel.BACKWARD);
        admin.register(topic + "-value", SemanticFrame.getClassSchema());
        int v2Id = admin.register(topic + "-value", v2);
        // a newer producer: the frame's fields plus the note, written with v2 by Avro alone
        GenericRecord newer = new GenericDatumReader<GenericRecord>(SemanticFrame.getClassSchema(), v2)
                .read(null, DecoderFactory.get().binaryDecoder(avroOf(frame()), null));
        newer.put("note", "from a newer producer");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v2).write(newer, enc);
        enc.flush();
        assertEquals(frame(), deserializer().deserialize(topic, WireFormat.frame(v2Id, out.toByteArray())));
    }

    @Test
    void recordNameStrategyRegistersUnderTheRecordsFullName() throws Exception {
        byte[] bytes = serializer(Map.of(SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy")).serialize(topic(), frame());
        assertEquals(latest("ai.vidsynth.schemas.SemanticFrame").get("id").asInt(), ByteBuffer.wrap(bytes, 1, 4).getInt());
    }

    @Test
    void useLatestVersionWritesWithTheLatestSchemaAndItsId() throws Exception {
        String topic = topic();
        ConfluentRegistryClient admin = new ConfluentRegistryClient(SERVER.url());
        admin.register(topic + "-value", SemanticFrame.getClassSchema());
        int v2Id = admin.register(topic + "-value", withOptionalNote());
        byte[] bytes = serializer(Map.of(SerdeConfig.USE_LATEST_VERSION, "true", SerdeConfig.AUTO_REGISTER_SCHEMAS, "false"))
                .serialize(topic, frame());
        assertEquals(v2Id, ByteBuffer.wrap(bytes, 1, 4).getInt());
        GenericRecord asV2 = new GenericDatumReader<GenericRecord>(withOptionalNote())
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertNull(asV2.get("note"), "the bytes are v2's: its new field is there, with its default");
        assertEquals(frame(), deserializer().deserialize(topic, bytes));
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAClearError() {
        String topic = topic();
        SerializationException e = assertThrows(SerializationException.class,
                () -> serializer(Map.of(SerdeConfig.AUTO_REGISTER_SCHEMAS, "false")).serialize(topic, frame()));
        assertTrue(e.getMessage().contains("not registered under subject " + topic + "-value"), e.getMessage());
    }

    @Test
    void anUnknownSchemaIdIsAClearError() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> deserializer().deserialize("t", WireFormat.frame(876_543, new byte[] {2, 'x'})));
        assertTrue(e.getMessage().contains("unknown schema id 876543"), e.getMessage());
    }

    static Schema withOptionalNote() {
        String json = SemanticFrame.getClassSchema().toString();
        return new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']'))
                + ",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    }
}
