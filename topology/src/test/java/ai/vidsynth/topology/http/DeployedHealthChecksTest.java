package ai.vidsynth.topology.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.topology.metrics.ServiceMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The health checks of the Docker image and of docker-compose, run here as Docker would run them (bash, as in
 * the JRE image) against the service's real HTTP endpoint: they fail while it is not ready and pass once it is.
 * And Prometheus scrapes the port and path the service serves.
 */
class DeployedHealthChecksTest {

    static final Path ROOT = Path.of(System.getProperty("project.root", ".."));

    @Test
    @SuppressWarnings("unchecked")
    void composeHealthCheckFollowsReadiness() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertTrue(services.keySet().containsAll(List.of("prometheus", "grafana")), services.keySet().toString());
        Map<String, Object> vidsynth = (Map<String, Object>) services.get("vidsynth");
        Map<String, Object> env = (Map<String, Object>) vidsynth.get("environment");
        String port = String.valueOf(env.get("VIDSYNTH_HTTP_PORT"));
        assertEquals("0.0.0.0", env.get("VIDSYNTH_HTTP_HOST"), "the container's port must be reachable from Prometheus");
        List<String> test = (List<String>) ((Map<String, Object>) vidsynth.get("healthcheck")).get("test");
        assertEquals("CMD", test.get(0));
        assertFollowsReadiness(test.subList(1, test.size()), port);

        String prometheus = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        assertTrue(prometheus.contains("vidsynth:" + port) && prometheus.contains("metrics_path: /metrics"), prometheus);
        Map<String, Object> grafana = (Map<String, Object>) services.get("grafana");
        for (Object volume : (List<Object>) grafana.get("volumes")) {
            Path host = ROOT.resolve(String.valueOf(volume).split(":")[0]);
            assertTrue(Files.isDirectory(host), "grafana mounts " + host);
        }
    }

    @Test
    void dockerfileHealthCheckFollowsReadiness() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile")).replace("\\\n", " ");
        Matcher cmd = Pattern.compile("(?m)^HEALTHCHECK .*? CMD (.*)$").matcher(dockerfile);
        assertTrue(cmd.find(), "the Dockerfile has a HEALTHCHECK");
        Matcher port = Pattern.compile("VIDSYNTH_HTTP_PORT=(\\d+)").matcher(dockerfile);
        assertTrue(port.find());
        // the shell form: Docker runs it with /bin/sh -c
        assertFollowsReadiness(List.of("/bin/sh", "-c", cmd.group(1)), port.group(1));
    }

    /** Runs {@code command} (with {@code port} replaced by a free one) against the endpoint, not ready and then ready. */
    private static void assertFollowsReadiness(List<String> command, String port) throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (ServiceMetrics metrics = new ServiceMetrics();
                ServiceHttp http = ServiceHttp.start("127.0.0.1", 0, metrics, new LiveFrames(4, 1000))) {
            http.ready(ready::get, () -> Map.of("state", ready.get() ? "RUNNING" : "REBALANCING"));
            List<String> local = command.stream().map(a -> a.replace("/" + port, "/" + http.port())).toList();
            assertNotEquals(0, run(local), "not ready: " + local);
            ready.set(true);
            assertEquals(0, run(local), "ready: " + local);
        }
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the health check finished");
        return p.exitValue();
    }
}
