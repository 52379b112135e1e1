package ai.vidsynth.schemas.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The registry a client configuration names: {@code mock://scope} in-process, otherwise a Confluent-API server over HTTP(S). */
public final class SchemaRegistries {

    // one client (and so one cache) per distinct configuration, shared by every serde of the JVM
    private static final Map<RegistryConfig, SchemaRegistry> CLIENTS = new ConcurrentHashMap<>();

    private SchemaRegistries() {}

    public static SchemaRegistry forUrl(String url) {
        return forConfig(RegistryConfig.forUrl(url));
    }

    public static SchemaRegistry forConfig(Map<String, ?> configs) {
        return forConfig(RegistryConfig.from(configs));
    }

    public static SchemaRegistry forConfig(RegistryConfig config) {
        String url = config.urls().get(0);
        if (config.isMock()) {
            return InMemorySchemaRegistry.scope(url.substring(InMemorySchemaRegistry.MOCK_SCHEME.length()));
        }
        for (String u : config.urls()) {
            if (!u.startsWith("http://") && !u.startsWith("https://")) {
                throw new IllegalArgumentException(RegistryConfig.URL + " " + u + " must start with mock://, http:// or https://");
            }
        }
        return CLIENTS.computeIfAbsent(config, ConfluentRegistryClient::new);
    }
}
