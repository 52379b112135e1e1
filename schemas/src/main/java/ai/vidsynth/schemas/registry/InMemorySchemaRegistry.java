package ai.vidsynth.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * An in-process registry for {@code mock://scope} URLs, as Confluent's client offers for tests: every
 * serde configured with the same scope in one JVM shares one registry. It answers as Confluent's server
 * does: ids per distinct schema (by Avro's parsing canonical form) shared across subjects, versions per
 * subject, BACKWARD compatibility by default, and the same exceptions for unknown subjects and schemas.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    public static final String MOCK_SCHEME = "mock://";

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final List<Schema> schemaById = new ArrayList<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelBySubject = new HashMap<>();

    public static InMemorySchemaRegistry scope(String name) {
        return SCOPES.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope (tests that want a fresh registry). */
    public static void drop(String name) {
        SCOPES.remove(name);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer existing = idByCanonical.get(canonical(schema));
        if (existing != null && versions.contains(existing)) {
            return existing;
        }
        String violation = level(subject).violation(schema, versions.stream().map(this::byId).toList());
        if (violation != null) {
            throw new RegistryException.IncompatibleSchemaException("schema being registered is incompatible with subject "
                    + subject + " under " + level(subject) + ": " + violation);
        }
        int id = existing != null ? existing : newId(schema);
        versions.add(id);
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        Integer id = idByCanonical.get(canonical(schema));
        if (id == null || !versionsBySubject.getOrDefault(subject, List.of()).contains(id)) {
            throw new RegistryException.SchemaNotFoundException(RegistryException.SCHEMA_NOT_FOUND,
                    schema.getFullName() + " is not registered under subject " + subject);
        }
        return id;
    }

    @Override
    public synchronized Schema byId(int id) {
        if (id < 1 || id > schemaById.size()) {
            throw new UnknownSchemaIdException(id);
        }
        return schemaById.get(id - 1);
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (versions.isEmpty()) {
            throw new RegistryException.SubjectNotFoundException(RegistryException.SUBJECT_NOT_FOUND, "subject " + subject + " not found");
        }
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, versions.size(), id, byId(id));
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        return level(subject).violation(schema, versionsBySubject.getOrDefault(subject, List.of()).stream().map(this::byId).toList()) == null;
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        levelBySubject.put(subject, level);
    }

    /** The ids of the subject's versions, oldest first. */
    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }

    private CompatibilityLevel level(String subject) {
        return levelBySubject.getOrDefault(subject, CompatibilityLevel.BACKWARD);
    }

    private int newId(Schema schema) {
        schemaById.add(schema);
        idByCanonical.put(canonical(schema), schemaById.size());
        return schemaById.size();
    }

    private static String canonical(Schema schema) {
        return SchemaNormalization.toParsingForm(schema);
    }
}
