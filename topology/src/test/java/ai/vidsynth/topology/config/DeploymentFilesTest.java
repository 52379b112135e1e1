package ai.vidsynth.topology.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of the Docker deployment without Docker: the compose file parses, has the three
 * services, and configures the service only with settings the service knows (a typo in an environment
 * name would otherwise be silently ignored); the Dockerfile's settings too; the README documents every setting.
 */
class DeploymentFilesTest {

    static final Path ROOT = Path.of(System.getProperty("project.root", ".."));
    static final Set<String> KNOWN_ENV = Stream.of(Setting.values()).map(Setting::envName).collect(Collectors.toSet());

    @Test
    @SuppressWarnings("unchecked")
    void composeFileConfiguresTheServiceWithKnownSettingsOnly() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertTrue(services.keySet().containsAll(List.of("kafka", "schema-registry", "vidsynth")), services.keySet().toString());
        Map<String, Object> vidsynth = (Map<String, Object>) services.get("vidsynth");
        Map<String, Object> env = (Map<String, Object>) vidsynth.get("environment");
        assertNotNull(env);
        Map<String, String> strings = new HashMap<>();
        env.forEach((k, v) -> {
            assertTrue(KNOWN_ENV.contains(k) || k.startsWith("VIDSYNTH_KAFKA_"), "unknown setting in docker-compose.yml: " + k);
            strings.put(k, String.valueOf(v));
        });
        ServiceConfig c = ServiceConfig.load(null, strings, Map.of());
        assertEquals("kafka:9092", c.bootstrapServers());
        assertTrue(c.schemaRegistryUrl().startsWith("http://schema-registry"));
        Map<String, Object> kafkaEnv = (Map<String, Object>) ((Map<String, Object>) services.get("kafka")).get("environment");
        long brokerMax = Long.parseLong(String.valueOf(kafkaEnv.get("KAFKA_MESSAGE_MAX_BYTES")));
        assertTrue(brokerMax > c.maxRecordBytes(), "the broker must accept the service's largest records");
    }

    @Test
    void dockerfileSetsKnownSettingsOnly() throws Exception {
        Matcher m = Pattern.compile("(VIDSYNTH_[A-Z_]+)=").matcher(Files.readString(ROOT.resolve("Dockerfile")));
        int n = 0;
        while (m.find()) {
            assertTrue(KNOWN_ENV.contains(m.group(1)), "unknown setting in Dockerfile: " + m.group(1));
            n++;
        }
        assertTrue(n > 0);
    }

    @Test
    void readmeDocumentsEverySetting() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (Setting s : Setting.values()) {
            assertTrue(readme.contains("`" + s.key() + "`") && readme.contains(s.envName()), "README lacks " + s.key());
        }
    }
}
