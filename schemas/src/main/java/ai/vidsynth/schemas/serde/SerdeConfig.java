package ai.vidsynth.schemas.serde;

import ai.vidsynth.schemas.registry.RegistryConfig;
import java.util.Map;

/**
 * The serde settings, under Confluent's names so an existing client configuration works unchanged.
 *
 * @param registry         where the registry is and how to reach it
 * @param autoRegister     {@code auto.register.schemas}: register the writer's schema, or only look its id up
 * @param useLatestVersion {@code use.latest.version}: write with the subject's latest schema (and its id) instead of
 *                         the record's own, when that latest schema can read the record's
 * @param keyStrategy      {@code key.subject.name.strategy}
 * @param valueStrategy    {@code value.subject.name.strategy}
 */
public record SerdeConfig(RegistryConfig registry, boolean autoRegister, boolean useLatestVersion,
        SubjectNameStrategy keyStrategy, SubjectNameStrategy valueStrategy) {

    public static final String SCHEMA_REGISTRY_URL = RegistryConfig.URL;
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    public static SerdeConfig from(Map<String, ?> configs) {
        return new SerdeConfig(RegistryConfig.from(configs), flag(configs, AUTO_REGISTER_SCHEMAS, true),
                flag(configs, USE_LATEST_VERSION, false), strategy(configs, KEY_SUBJECT_NAME_STRATEGY),
                strategy(configs, VALUE_SUBJECT_NAME_STRATEGY));
    }

    /** Defaults for a serde built in code on a given registry: auto-register, TopicNameStrategy. */
    public static SerdeConfig defaults() {
        return new SerdeConfig(null, true, false, SubjectNameStrategy.TOPIC_NAME, SubjectNameStrategy.TOPIC_NAME);
    }

    public SubjectNameStrategy strategy(boolean isKey) {
        return isKey ? keyStrategy : valueStrategy;
    }

    private static boolean flag(Map<String, ?> configs, String key, boolean fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : Boolean.parseBoolean(v.toString().trim());
    }

    private static SubjectNameStrategy strategy(Map<String, ?> configs, String key) {
        Object v = configs.get(key);
        return v == null ? SubjectNameStrategy.TOPIC_NAME : SubjectNameStrategy.of(v instanceof Class<?> c ? c.getName() : v.toString());
    }
}
