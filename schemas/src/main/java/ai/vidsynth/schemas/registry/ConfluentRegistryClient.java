package ai.vidsynth.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of Confluent Schema Registry's REST API (also served by Apicurio's {@code /apis/ccompat/v7}):
 * register under a subject, fetch by id, both cached. Hand-written because Confluent's own Java client is
 * not obtainable from Maven Central (see REGISTRY-NOTES) and Apicurio's speaks only Apicurio's API.
 * This is the minimal client the service needs to run against a real registry; retries with back-off,
 * basic auth and TLS settings are not in it yet.
 */
public final class ConfluentRegistryClient implements SchemaRegistry {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An error answer of the registry, with Confluent's error code (e.g. 40403 schema not found). */
    public static final class RegistryException extends RuntimeException {
        private final int errorCode;

        public RegistryException(int errorCode, String message) {
            super(message);
            this.errorCode = errorCode;
        }

        public int errorCode() {
            return errorCode;
        }
    }

    private final String baseUrl;
    private final HttpClient http;
    private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    public ConfluentRegistryClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        String key = subject + "\n" + schema;
        return idBySubjectAndSchema.computeIfAbsent(key, k -> {
            String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
            JsonNode answer = call(HttpRequest.newBuilder(uri("/subjects/" + encode(subject) + "/versions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            return answer.get("id").asInt();
        });
    }

    @Override
    public Schema byId(int id) {
        return schemaById.computeIfAbsent(id, i -> {
            JsonNode answer;
            try {
                answer = call(HttpRequest.newBuilder(uri("/schemas/ids/" + i)).GET());
            } catch (RegistryException e) {
                if (e.errorCode() == 40403) {
                    throw new UnknownSchemaIdException(i);
                }
                throw e;
            }
            return new Schema.Parser().parse(answer.get("schema").asText());
        });
    }

    private JsonNode call(HttpRequest.Builder request) {
        HttpRequest r = request.header("Content-Type", CONTENT_TYPE).header("Accept", CONTENT_TYPE)
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                int code = body.path("error_code").asInt(response.statusCode());
                throw new RegistryException(code, "schema registry " + r.method() + " " + r.uri() + ": " + code + " "
                        + body.path("message").asText(response.body()));
            }
            return body;
        } catch (IOException e) {
            throw new RegistryException(-1, "schema registry at " + baseUrl + " unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(-1, "interrupted while calling the schema registry");
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
