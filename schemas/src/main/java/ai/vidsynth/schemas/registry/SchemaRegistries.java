package ai.vidsynth.schemas.registry;

/** The registry a {@code schema.registry.url} names. */
public final class SchemaRegistries {

    private SchemaRegistries() {}

    public static SchemaRegistry forUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("schema.registry.url is not set");
        }
        if (url.startsWith(InMemorySchemaRegistry.MOCK_SCHEME)) {
            return InMemorySchemaRegistry.scope(url.substring(InMemorySchemaRegistry.MOCK_SCHEME.length()));
        }
        throw new IllegalArgumentException("schema.registry.url " + url
                + ": only mock:// registries are supported so far (the HTTP client for Confluent's REST API is not built yet)");
    }
}
