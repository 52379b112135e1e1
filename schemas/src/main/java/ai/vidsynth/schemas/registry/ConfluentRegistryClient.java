package ai.vidsynth.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of Confluent Schema Registry's REST API (also served by Apicurio's {@code /apis/ccompat/v7}).
 * Hand-written because Confluent's own Java client is not obtainable from Maven Central (see
 * REGISTRY-NOTES) and Apicurio's client speaks only Apicurio's API; it is small on purpose: the calls the
 * serdes make, each a line below, with transport concerns (auth, TLS, timeouts, retries, error codes) in
 * {@link RegistryHttp}.
 * <p>Ids and schemas never change once assigned, so those answers are cached for the client's life;
 * "latest" is not cached here (the serializer caches it per subject, as Confluent's does).
 */
public final class ConfluentRegistryClient implements SchemaRegistry {

    private final RegistryHttp http;
    private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    public ConfluentRegistryClient(RegistryConfig config) {
        this.http = new RegistryHttp(config);
    }

    public ConfluentRegistryClient(String url) {
        this(RegistryConfig.forUrl(url));
    }

    @Override
    public int register(String subject, Schema schema) {
        return idBySubjectAndSchema.computeIfAbsent(key(subject, schema),
                k -> http.post("/subjects/" + encode(subject) + "/versions", schemaBody(schema)).get("id").asInt());
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return idBySubjectAndSchema.computeIfAbsent(key(subject, schema), k -> {
            try {
                return http.post("/subjects/" + encode(subject), schemaBody(schema)).get("id").asInt();
            } catch (RegistryException.SubjectNotFoundException | RegistryException.SchemaNotFoundException e) {
                // Confluent answers 40403 for an unknown schema of a known subject, Apicurio 40401: one meaning here
                throw new RegistryException.SchemaNotFoundException(e.errorCode(),
                        schema.getFullName() + " is not registered under subject " + subject + " (" + e.getMessage() + ")");
            }
        });
    }

    @Override
    public Schema byId(int id) {
        return schemaById.computeIfAbsent(id, i -> {
            try {
                return parse(http.get("/schemas/ids/" + i).get("schema").asText());
            } catch (RegistryException.SchemaNotFoundException e) {
                throw new UnknownSchemaIdException(i);
            }
        });
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode v = http.get("/subjects/" + encode(subject) + "/versions/latest");
        Schema schema = parse(v.get("schema").asText());
        schemaById.putIfAbsent(v.get("id").asInt(), schema);
        return new RegisteredSchema(subject, v.get("version").asInt(), v.get("id").asInt(), schema);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            return http.post("/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema))
                    .get("is_compatible").asBoolean();
        } catch (RegistryException.SubjectNotFoundException e) {
            return true; // nothing registered yet: any first version is accepted
        }
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        http.put("/config/" + encode(subject), RegistryHttp.json().createObjectNode().put("compatibility", level.name()));
    }

    private static ObjectNode schemaBody(Schema schema) {
        return RegistryHttp.json().createObjectNode().put("schema", schema.toString());
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }

    private static String key(String subject, Schema schema) {
        return subject + "\n" + schema;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
