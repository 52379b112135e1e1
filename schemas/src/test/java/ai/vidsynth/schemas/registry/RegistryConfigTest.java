package ai.vidsynth.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void readsAConfluentClientConfigUnchanged() {
        RegistryConfig c = RegistryConfig.from(Map.of(
                "schema.registry.url", "https://sr-1:8081, https://sr-2:8081",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "key:secret",
                "schema.registry.ssl.truststore.location", "/etc/ca.p12",
                "schema.registry.ssl.truststore.password", "changeit",
                "schema.registry.ssl.truststore.type", "PKCS12",
                "max.retries", "5", "retries.wait.ms", "100", "retries.max.wait.ms", "1000",
                "http.connect.timeout.ms", "2000"));
        assertEquals(List.of("https://sr-1:8081", "https://sr-2:8081"), c.urls());
        assertEquals("key:secret", c.userInfo());
        assertEquals(new RegistryConfig.Truststore("/etc/ca.p12", "changeit", "PKCS12"), c.truststore());
        assertEquals(new RegistryConfig.Retry(5, Duration.ofMillis(100), Duration.ofMillis(1000)), c.retry());
        assertEquals(Duration.ofSeconds(2), c.connectTimeout());
        assertFalse(c.toString().contains("secret"), "the password never reaches a log line");
    }

    @Test
    void urlCredentialsAreTakenOutOfTheUrl() {
        RegistryConfig c = RegistryConfig.from(Map.of("schema.registry.url", "http://bob:pw@localhost:8081"));
        assertEquals("bob:pw", c.userInfo());
        assertEquals(List.of("http://localhost:8081"), c.urls());
        assertNull(RegistryConfig.forUrl("http://localhost:8081").userInfo());
    }

    @Test
    void backOffDoublesUpToTheCap() {
        RegistryConfig.Retry r = new RegistryConfig.Retry(10, Duration.ofMillis(100), Duration.ofMillis(500));
        assertEquals(List.of(100L, 200L, 400L, 500L, 500L),
                List.of(1, 2, 3, 4, 5).stream().map(i -> r.waitBefore(i).toMillis()).toList());
        assertEquals(Duration.ofMillis(500), r.waitBefore(64), "no overflow for many retries");
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RegistryConfig.from(Map.of("schema.registry.url", "http://x",
                "basic.auth.credentials.source", "USER_INFO"))).getMessage().contains("basic.auth.user.info"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RegistryConfig.from(Map.of("schema.registry.url", "http://x",
                "basic.auth.credentials.source", "SASL_INHERIT"))).getMessage().contains("SASL_INHERIT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RegistryConfig.from(Map.of())).getMessage().contains("schema.registry.url"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RegistryConfig.from(Map.of("schema.registry.url", "http://x",
                "max.retries", "many"))).getMessage().contains("max.retries"));
    }
}
