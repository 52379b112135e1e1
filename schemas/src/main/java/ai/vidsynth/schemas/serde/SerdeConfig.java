package ai.vidsynth.schemas.serde;

import java.util.Map;

/** The serde settings, under Confluent's names so an existing client configuration works unchanged. */
public record SerdeConfig(String registryUrl, boolean autoRegister) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    public static SerdeConfig from(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        Object auto = configs.get(AUTO_REGISTER_SCHEMAS);
        return new SerdeConfig(url == null ? null : url.toString(), auto == null || Boolean.parseBoolean(auto.toString()));
    }
}
