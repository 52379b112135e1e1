package ai.vidsynth.topology.it;

import ai.vidsynth.schemas.SemanticFrame;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Confluent's wire format as a foreign client does it: schemas registered and fetched with plain HTTP calls
 * to the registry's REST API, bytes written and read by Avro's generic writer and reader. None of the
 * project's serdes or registry client, so a test using it checks the service against the protocol, not
 * against the project's own reading of it.
 */
final class RestOnlyAvro {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String registryUrl;

    RestOnlyAvro(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    /** {@code POST /subjects/{subject}/versions}: the schema's global id. */
    int register(String subject, Schema schema) {
        String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        return call(HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/" + encode(subject) + "/versions"))
                .header("Content-Type", CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofString(body))).get("id").asInt();
    }

    /** {@code GET /subjects/{subject}/versions/latest}: the id of the subject's newest schema. */
    int latestId(String subject) {
        return call(HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/" + encode(subject) + "/versions/latest"))).get("id").asInt();
    }

    /** {@code GET /schemas/ids/{id}}: a writer's schema. */
    Schema schema(int id) {
        return new Schema.Parser().parse(call(HttpRequest.newBuilder(URI.create(registryUrl + "/schemas/ids/" + id))).get("schema").asText());
    }

    /** Byte 0, the id as a big-endian int, then Avro's own binary encoding of the record. */
    static byte[] write(int id, Schema schema, GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record in the wire format, read with its writer's schema as the registry returns it for the id. */
    GenericRecord read(byte[] payload) {
        if (payload.length < 5 || payload[0] != 0) {
            throw new IllegalArgumentException("not Confluent's wire format: " + payload.length + " bytes, first " + (payload.length == 0 ? "none" : payload[0]));
        }
        int id = ByteBuffer.wrap(payload, 1, 4).getInt();
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, 5, payload.length - 5, null);
            GenericRecord record = new GenericDatumReader<GenericRecord>(schema(id)).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IllegalArgumentException("bytes left after the record of schema id " + id);
            }
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields the tests set on a frame, copied into a generic record of the given writer schema (others at their defaults). */
    static GenericRecord asGeneric(Schema writer, SemanticFrame f) {
        return new GenericRecordBuilder(writer).set("videoId", f.getVideoId()).set("frameIndex", f.getFrameIndex())
                .set("timestamp", f.getTimestamp().toEpochMilli()).set("width", f.getWidth()).set("height", f.getHeight())
                .set("labels", f.getLabels().duplicate()).build();
    }

    /** SemanticFrame with one more optional field, as a newer producer might write it: readable by the service's schema. */
    static Schema semanticFrameWithNote() {
        String json = SemanticFrame.getClassSchema().toString();
        return new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']'))
                + ",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    }

    private static JsonNode call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.header("Accept", CONTENT_TYPE).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
