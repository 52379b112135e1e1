package ai.vidsynth.schemas.registry;

/** The registry a {@code schema.registry.url} names. */
public final class SchemaRegistries {

    private static final java.util.Map<String, SchemaRegistry> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

    private SchemaRegistries() {}

    public static SchemaRegistry forUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("schema.registry.url is not set");
        }
        if (url.startsWith(InMemorySchemaRegistry.MOCK_SCHEME)) {
            return InMemorySchemaRegistry.scope(url.substring(InMemorySchemaRegistry.MOCK_SCHEME.length()));
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            // several comma-separated URLs are allowed by Confluent's config; this client uses the first
            return CLIENTS.computeIfAbsent(url.split(",")[0].trim(), ConfluentRegistryClient::new);
        }
        throw new IllegalArgumentException("schema.registry.url " + url + " must start with mock://, http:// or https://");
    }
}
