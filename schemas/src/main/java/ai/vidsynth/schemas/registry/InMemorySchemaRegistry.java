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
 * serde configured with the same scope in one JVM shares one registry. Ids are assigned per distinct
 * schema (by Avro's parsing canonical form), shared across subjects, as a real registry does.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    public static final String MOCK_SCHEME = "mock://";

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final List<Schema> schemaById = new ArrayList<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

    public static InMemorySchemaRegistry scope(String name) {
        return SCOPES.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope (tests that want a fresh registry). */
    public static void drop(String name) {
        SCOPES.remove(name);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        String canonical = SchemaNormalization.toParsingForm(schema);
        Integer id = idByCanonical.get(canonical);
        if (id == null) {
            schemaById.add(schema);
            id = schemaById.size();
            idByCanonical.put(canonical, id);
        }
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
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

    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }
}
