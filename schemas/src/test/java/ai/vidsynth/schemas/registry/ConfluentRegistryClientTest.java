package ai.vidsynth.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.registry.ScriptedRegistry.Answer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client's requests, retries, auth and error mapping against a scripted server: the protocol details
 * a real server cannot be made to show on demand. Everything else is checked against the real Apicurio
 * server ({@link ApicurioRegistryContractTest}).
 */
class ConfluentRegistryClientTest {

    private static final String SCHEMA_ANSWER = new ObjectMapper().createObjectNode()
            .put("schema", SemanticFrame.getClassSchema().toString()).toString();

    private static ConfluentRegistryClient client(String url, Map<String, String> extra) {
        Map<String, String> c = new HashMap<>(Map.of(RegistryConfig.URL, url, RegistryConfig.RETRIES_WAIT_MS, "50",
                RegistryConfig.RETRIES_MAX_WAIT_MS, "200"));
        c.putAll(extra);
        return new ConfluentRegistryClient(RegistryConfig.from(c));
    }

    @Test
    void usesConfluentsPathsAndContentTypeAndCachesIdsAndSchemas() {
        try (ScriptedRegistry server = new ScriptedRegistry((n, r) -> r.path().endsWith("/versions") ? Answer.ok("{\"id\":7}")
                : r.path().equals("/schemas/ids/7") ? Answer.ok(SCHEMA_ANSWER) : Answer.error(404, 40403, "Schema not found"))) {
            ConfluentRegistryClient c = client(server.url() + "/", Map.of());
            assertEquals(7, c.register("semantic frames-value", SemanticFrame.getClassSchema()));
            assertEquals(7, c.register("semantic frames-value", SemanticFrame.getClassSchema()));
            assertEquals(SemanticFrame.getClassSchema(), c.byId(7));
            assertEquals(SemanticFrame.getClassSchema(), c.byId(7));
            assertThrows(SchemaRegistry.UnknownSchemaIdException.class, () -> c.byId(8));
            assertEquals(List.of("POST /subjects/semantic%20frames-value/versions", "GET /schemas/ids/7", "GET /schemas/ids/8"),
                    server.requests.stream().map(r -> r.method() + " " + r.path()).toList(), "cached answers are not asked again");
            assertEquals(RegistryHttp.CONTENT_TYPE, server.requests.get(0).contentType());
            assertTrue(server.requests.get(0).body().contains("SemanticFrame"));
        }
    }

    @Test
    void retries5xxWithGrowingWaitsThenSucceeds() {
        try (ScriptedRegistry server = new ScriptedRegistry((n, r) -> n < 3 ? Answer.error(503, 50003, "leader not ready") : Answer.ok("{\"id\":3}"))) {
            long start = System.nanoTime();
            assertEquals(3, client(server.url(), Map.of(RegistryConfig.MAX_RETRIES, "3")).register("s", SemanticFrame.getClassSchema()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(4, server.requests.size());
            assertTrue(ms >= 50 + 100 + 200, "waits 50, 100, then 200 ms (the cap), took " + ms);
        }
    }

    @Test
    void givesUpAfterMaxRetriesAsUnavailable() {
        try (ScriptedRegistry server = new ScriptedRegistry((n, r) -> Answer.error(500, 50001, "store error"))) {
            RegistryException e = assertThrows(RegistryException.UnavailableException.class,
                    () -> client(server.url(), Map.of(RegistryConfig.MAX_RETRIES, "2")).byId(1));
            assertEquals(3, server.requests.size(), "one try and two retries");
            assertTrue(e.getMessage().contains("500") && e.getMessage().contains("after 2 retries"), e.getMessage());
        }
    }

    @Test
    void clientErrorsAreNotRetriedAndMapToNamedExceptions() {
        Map<String, Answer> byPath = Map.of(
                "/subjects/incompatible/versions", Answer.error(409, 409, "Schema being registered is incompatible with an earlier schema"),
                "/subjects/invalid/versions", Answer.error(422, 42201, "Invalid schema"),
                "/subjects/gone/versions/latest", Answer.error(404, 40401, "Subject not found"),
                "/subjects/secret/versions", Answer.error(401, 401, "Unauthorized"));
        try (ScriptedRegistry server = new ScriptedRegistry((n, r) -> byPath.get(r.path()))) {
            ConfluentRegistryClient c = client(server.url(), Map.of());
            RegistryException incompatible = assertThrows(RegistryException.IncompatibleSchemaException.class,
                    () -> c.register("incompatible", SemanticFrame.getClassSchema()));
            assertTrue(incompatible.getMessage().contains("incompatible with an earlier schema"), incompatible.getMessage());
            assertEquals(42201, assertThrows(RegistryException.InvalidSchemaException.class,
                    () -> c.register("invalid", SemanticFrame.getClassSchema())).errorCode());
            assertThrows(RegistryException.SubjectNotFoundException.class, () -> c.latest("gone"));
            assertTrue(assertThrows(RegistryException.AuthenticationException.class, () -> c.register("secret", SemanticFrame.getClassSchema()))
                    .getMessage().contains("basic.auth.user.info"));
            assertEquals(4, server.requests.size(), "no retries for answers that will not change");
        }
    }

    @Test
    void sendsBasicAuthFromUserInfoOrFromTheUrl() {
        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        try (ScriptedRegistry server = new ScriptedRegistry((n, r) -> Answer.ok(SCHEMA_ANSWER))) {
            client(server.url(), Map.of(RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO", RegistryConfig.USER_INFO, "alice:s3cret")).byId(1);
            client(server.url().replace("http://", "http://alice:s3cret@"), Map.of(RegistryConfig.CREDENTIALS_SOURCE, "URL")).byId(1);
            client(server.url(), Map.of()).byId(1);
            assertEquals(expected, server.requests.get(0).authorization());
            assertEquals(expected, server.requests.get(1).authorization());
            assertEquals(null, server.requests.get(2).authorization(), "no credentials configured, none sent");
        }
    }

    @Test
    void aSlowAnswerTimesOutAndCountsAsUnavailable() {
        try (ScriptedRegistry server = new ScriptedRegistry((n, r) -> new Answer(200, SCHEMA_ANSWER, 3000))) {
            long start = System.nanoTime();
            assertThrows(RegistryException.UnavailableException.class, () -> client(server.url(),
                    Map.of(RegistryConfig.READ_TIMEOUT_MS, "300", RegistryConfig.MAX_RETRIES, "0")).byId(1));
            assertTrue((System.nanoTime() - start) / 1_000_000 < 2500, "gave up at the request timeout, not the answer");
        }
    }

    @Test
    void anUnreachableUrlIsSkippedForTheNextOne() throws Exception {
        int closed = ApicurioRegistryServer.freePort();
        try (ScriptedRegistry server = new ScriptedRegistry((n, r) -> Answer.ok(SCHEMA_ANSWER))) {
            assertEquals(SemanticFrame.getClassSchema(), client("http://localhost:" + closed + "," + server.url(), Map.of()).byId(1));
        }
        RegistryException down = assertThrows(RegistryException.UnavailableException.class,
                () -> client("http://localhost:" + closed, Map.of(RegistryConfig.MAX_RETRIES, "1")).byId(1));
        assertTrue(down.getMessage().contains("unreachable"), down.getMessage());
    }

    @Test
    void compatibilityCheckReadsIsCompatible() {
        try (ScriptedRegistry server = new ScriptedRegistry((n, r) -> Answer.ok("{\"is_compatible\":" + (n == 0) + "}"))) {
            ConfluentRegistryClient c = client(server.url(), Map.of());
            assertTrue(c.isCompatible("s", SemanticFrame.getClassSchema()));
            assertFalse(c.isCompatible("s", SemanticFrame.getClassSchema()));
            assertEquals("POST /compatibility/subjects/s/versions/latest", server.requests.get(0).method() + " " + server.requests.get(0).path());
        }
    }
}
