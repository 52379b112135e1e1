package ai.vidsynth.topology.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.vidsynth.schemas.registry.RegistryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry client settings reach the client under Confluent's names, from the file and the environment. */
class RegistryClientConfigTest {

    @Test
    void registrySettingsPassThroughUnderConfluentsNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vidsynth.properties");
        Files.writeString(file, "schema.registry.url=https://sr:8081\n"
                + "registry.basic.auth.credentials.source=USER_INFO\nregistry.basic.auth.user.info=key:secret\n");
        ServiceConfig c = ServiceConfig.load(file, Map.of("VIDSYNTH_REGISTRY_MAX_RETRIES", "9"), Map.of());
        RegistryConfig r = RegistryConfig.from(c.registryClientConfig());
        assertEquals("https://sr:8081", r.urls().get(0));
        assertEquals("key:secret", r.userInfo());
        assertEquals(9, r.retry().maxRetries());
    }
}
