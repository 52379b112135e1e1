package ai.vidsynth.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.SemanticFrame;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https registry whose certificate no public CA signed (self-signed here, made at test time with the
 * JDK's keytool): the client trusts it through {@code schema.registry.ssl.truststore.*}, and without that
 * setting fails with an error that names it.
 */
class RegistryTlsTest {

    static final String PASSWORD = "test-only";
    static final String SCHEMA_ANSWER = new ObjectMapper().createObjectNode()
            .put("schema", SemanticFrame.getClassSchema().toString()).toString();

    @TempDir
    static Path dir;
    static Path serverKeys;
    static Path truststore;

    @BeforeAll
    static void makeKeysAndTruststore() throws Exception {
        serverKeys = dir.resolve("registry.p12");
        truststore = dir.resolve("truststore.jks");
        Path certificate = dir.resolve("registry.crt");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", serverKeys.toString(),
                "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", serverKeys.toString(), "-storepass", PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(), "-storetype", "JKS",
                "-keystore", truststore.toString(), "-storepass", PASSWORD);
    }

    static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ": " + out);
    }

    /** The server side: the registry's key and self-signed certificate. */
    static SSLContext serverTls() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeys)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }

    static ScriptedRegistry httpsRegistry() throws Exception {
        return new ScriptedRegistry((n, r) -> r.path().equals("/schemas/ids/1") ? ScriptedRegistry.Answer.ok(SCHEMA_ANSWER)
                : ScriptedRegistry.Answer.error(404, 40403, "Schema not found"), serverTls());
    }

    static Map<String, Object> config(String url) {
        Map<String, Object> c = new HashMap<>();
        c.put(RegistryConfig.URL, url);
        c.put(RegistryConfig.MAX_RETRIES, "0");
        return c;
    }

    @Test
    void clientWithTheTruststoreFetchesOverHttps() throws Exception {
        try (ScriptedRegistry registry = httpsRegistry()) {
            assertTrue(registry.url().startsWith("https://"));
            Map<String, Object> c = config(registry.url());
            c.put(RegistryConfig.TRUSTSTORE_LOCATION, truststore.toString());
            c.put(RegistryConfig.TRUSTSTORE_PASSWORD, PASSWORD);
            c.put(RegistryConfig.TRUSTSTORE_TYPE, "JKS");
            assertEquals(SemanticFrame.getClassSchema(), new ConfluentRegistryClient(RegistryConfig.from(c)).byId(1));
            assertEquals(1, registry.requests.size());
        }
    }

    @Test
    void clientWithoutTheTruststoreFailsNamingTheSettingThatFixesIt() throws Exception {
        try (ScriptedRegistry registry = httpsRegistry()) {
            ConfluentRegistryClient client = new ConfluentRegistryClient(RegistryConfig.from(config(registry.url())));
            RegistryException e = assertThrows(RegistryException.UnavailableException.class, () -> client.byId(1));
            assertTrue(e.getMessage().contains("TLS handshake with the schema registry at " + registry.url()), e.getMessage());
            assertTrue(e.getMessage().contains("certification path"), "the JDK's reason is kept: " + e.getMessage());
            assertTrue(e.getMessage().contains(RegistryConfig.TRUSTSTORE_LOCATION), e.getMessage());
            assertEquals(0, registry.requests.size(), "no request got past the handshake");
        }
    }
}
