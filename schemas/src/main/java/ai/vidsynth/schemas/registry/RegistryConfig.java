package ai.vidsynth.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How to reach a schema registry, read from a client configuration map under Confluent's key names, so a
 * producer or consumer configuration written for Confluent's serializers works unchanged.
 *
 * @param urls           {@code schema.registry.url}: comma-separated; the next one is tried when one is unreachable
 * @param userInfo       {@code user:password} for HTTP basic auth, or null
 * @param truststore     TLS trust for https registries with a private CA, or null for the JVM's default trust
 * @param connectTimeout {@code http.connect.timeout.ms}
 * @param requestTimeout {@code http.read.timeout.ms}: the whole answer must arrive within it
 * @param retry          {@code max.retries}, {@code retries.wait.ms}, {@code retries.max.wait.ms}
 */
public record RegistryConfig(List<String> urls, String userInfo, Truststore truststore, Duration connectTimeout,
        Duration requestTimeout, Retry retry) {

    public static final String URL = "schema.registry.url";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    /** The older spelling Confluent still accepts. */
    public static final String LEGACY_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";

    /** A keystore file holding the CA certificates to trust. */
    public record Truststore(String location, String password, String type) {}

    /** Bounded exponential back-off: waits {@code initialWait}, then twice that, ..., at most {@code maxWait}. */
    public record Retry(int maxRetries, Duration initialWait, Duration maxWait) {
        public Retry {
            if (maxRetries < 0 || initialWait.isNegative() || maxWait.compareTo(initialWait) < 0) {
                throw new IllegalArgumentException("retries must be >= 0 and 0 <= retries.wait.ms <= retries.max.wait.ms");
            }
        }

        /** The wait before retry number {@code retry} (1-based). */
        public Duration waitBefore(int retry) {
            long ms = initialWait.toMillis() << Math.min(retry - 1, 30);
            return ms < 0 || ms > maxWait.toMillis() ? maxWait : Duration.ofMillis(ms);
        }
    }

    public RegistryConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " is not set");
        }
    }

    /** A URL with Confluent's defaults for everything else. */
    public static RegistryConfig forUrl(String url) {
        return from(Map.of(URL, url == null ? "" : url));
    }

    public static RegistryConfig from(Map<String, ?> configs) {
        List<String> urls = Arrays.stream(string(configs, URL, "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String source = string(configs, CREDENTIALS_SOURCE, "URL").toUpperCase();
        String userInfo = switch (source) {
            case "USER_INFO" -> {
                String u = string(configs, USER_INFO, string(configs, LEGACY_USER_INFO, null));
                if (u == null || !u.contains(":")) {
                    throw new IllegalArgumentException(CREDENTIALS_SOURCE + "=USER_INFO needs " + USER_INFO + "=user:password");
                }
                yield u;
            }
            case "URL" -> urls.isEmpty() ? null : URI.create(urls.get(0)).getRawUserInfo();
            default -> throw new IllegalArgumentException(CREDENTIALS_SOURCE + "=" + source
                    + " is not supported (USER_INFO or URL; SASL_INHERIT needs Confluent's client)");
        };
        String location = string(configs, TRUSTSTORE_LOCATION, null);
        Truststore truststore = location == null || location.isBlank() ? null
                : new Truststore(location, string(configs, TRUSTSTORE_PASSWORD, null), string(configs, TRUSTSTORE_TYPE, "JKS"));
        Retry retry = new Retry((int) number(configs, MAX_RETRIES, 3), Duration.ofMillis(number(configs, RETRIES_WAIT_MS, 1000)),
                Duration.ofMillis(number(configs, RETRIES_MAX_WAIT_MS, 20_000)));
        return new RegistryConfig(urls.stream().map(RegistryConfig::withoutUserInfo).toList(), userInfo, truststore,
                Duration.ofMillis(number(configs, CONNECT_TIMEOUT_MS, 60_000)), Duration.ofMillis(number(configs, READ_TIMEOUT_MS, 60_000)), retry);
    }

    public boolean isMock() {
        return urls.get(0).startsWith(InMemorySchemaRegistry.MOCK_SCHEME);
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "RegistryConfig" + urls + (userInfo == null ? "" : " as " + userInfo.split(":", 2)[0]);
    }

    private static String withoutUserInfo(String url) {
        URI u = URI.create(url);
        return u.getRawUserInfo() == null ? url : url.replace(u.getRawUserInfo() + "@", "");
    }

    private static String string(Map<String, ?> configs, String key, String fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : v.toString();
    }

    private static long number(Map<String, ?> configs, String key, long fallback) {
        String v = string(configs, key, null);
        try {
            return v == null ? fallback : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }
}
