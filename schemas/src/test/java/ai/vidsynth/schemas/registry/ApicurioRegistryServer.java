package ai.vidsynth.schemas.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Confluent-API registry for tests: Apicurio Registry 2.4.2 from {@code registry-test-server/},
 * built with Maven when its runner jar is missing, started on a free port, stopped after the test class.
 * Use as {@code @RegisterExtension static final ApicurioRegistryServer REGISTRY = new ApicurioRegistryServer();}.
 * <p>When the server cannot be built (no network and an empty ~/.m2) the test class is skipped, saying so:
 * that is a missing tool, not a failing product. A server that builds but does not start fails the tests.
 */
public final class ApicurioRegistryServer implements BeforeAllCallback, AfterAllCallback {

    /** Where Apicurio serves Confluent's API. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private Process process;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        port = freePort();
        process = start(port);
        awaitReady(port, process);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop(process);
    }

    /** The registry URL to give as {@code schema.registry.url}. */
    public String url() {
        return url(port);
    }

    public int port() {
        return port;
    }

    public static String url(int port) {
        return "http://localhost:" + port + CCOMPAT_PATH;
    }

    /** Starts a server on the port (building it first if needed); skips the calling test when it cannot be built. */
    public static Process start(int port) throws IOException {
        Path runner = ensureBuilt();
        Path log = runner.getParent().resolve("server-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx128m", "-jar", runner.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HTTP_PORT", Integer.toString(port));
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return p;
    }

    public static void awaitReady(int port, Process p) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("registry test server exited with " + p.exitValue() + "; see "
                        + ensureBuilt().getParent().resolve("server-" + port + ".log"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url(port) + "/subjects")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("registry test server not ready on port " + port + " after " + READY_TIMEOUT);
    }

    public static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /**
     * The server's runner jar, built first when missing (about 25 s and 210 MB from Maven Central on a fresh
     * machine). A test that times the server's start-up calls this before its clock starts.
     */
    public static synchronized Path ensureBuilt() {
        Path project = projectRoot().resolve("registry-test-server");
        Path jar = project.resolve("target/registry-test-server-0.1.0-SNAPSHOT-runner.jar");
        if (Files.isRegularFile(jar) && Files.isDirectory(project.resolve("target/lib"))) {
            return jar;
        }
        Path log = project.resolve("target/build.log");
        int rc;
        try {
            Files.createDirectories(log.getParent());
            List<String> mvn = new java.util.ArrayList<>(List.of("mvn", "-B", "-q", "-s", project.resolve("settings.xml").toString(),
                    "-f", project.resolve("pom.xml").toString(), "package", "-DskipTests"));
            // the same local repository as the build that runs this test (-Dmaven.repo.local, e.g. an empty one)
            String repo = System.getProperty("maven.repo.local");
            if (repo != null && !repo.isBlank()) {
                mvn.add("-Dmaven.repo.local=" + repo);
            }
            rc = new ProcessBuilder(mvn)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
        } catch (IOException e) {
            rc = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rc = -1;
        }
        Assumptions.assumeTrue(rc == 0 && Files.isRegularFile(jar), "skipped: the Apicurio registry test server could not be built"
                + " (needs Maven and Maven Central or a filled ~/.m2); see " + log);
        return jar;
    }

    private static Path projectRoot() {
        String root = System.getProperty("project.root");
        if (root != null) {
            return Path.of(root);
        }
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("registry-test-server")) ? here : here.getParent();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
