package ai.vidsynth.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.registry.ConfluentRegistryClient;
import ai.vidsynth.schemas.registry.SchemaRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's requests and answers as Confluent's REST API defines them, against a scripted HTTP server
 * (the JDK's). Checking it against a real registry server is the registry issue's work.
 */
class ConfluentRegistryClientTest {

    @Test
    void registersAndFetchesWithConfluentsRequestsAndCaches() throws Exception {
        List<String> requests = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Content-Type"));
            String answer;
            int status = 200;
            if (ex.getRequestURI().getPath().equals("/subjects/semantic-frames-value/versions")) {
                String schema = new ObjectMapper().readTree(body).get("schema").asText();
                answer = schema.contains("SemanticFrame") ? "{\"id\":7}" : "{}";
            } else if (ex.getRequestURI().getPath().equals("/schemas/ids/7")) {
                answer = new ObjectMapper().createObjectNode().put("schema", SemanticFrame.getClassSchema().toString()).toString();
            } else {
                status = 404;
                answer = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
            }
            byte[] b = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            ConfluentRegistryClient client = new ConfluentRegistryClient("http://localhost:" + server.getAddress().getPort() + "/");
            assertEquals(7, client.register("semantic-frames-value", SemanticFrame.getClassSchema()));
            assertEquals(7, client.register("semantic-frames-value", SemanticFrame.getClassSchema()));
            assertEquals(SemanticFrame.getClassSchema(), client.byId(7));
            assertEquals(SemanticFrame.getClassSchema(), client.byId(7));
            assertThrows(SchemaRegistry.UnknownSchemaIdException.class, () -> client.byId(8));
            assertEquals(List.of(
                    "POST /subjects/semantic-frames-value/versions application/vnd.schemaregistry.v1+json",
                    "GET /schemas/ids/7 application/vnd.schemaregistry.v1+json",
                    "GET /schemas/ids/8 application/vnd.schemaregistry.v1+json"), requests, "cached answers are not asked again");
        } finally {
            server.stop(0);
        }
        ConfluentRegistryClient down = new ConfluentRegistryClient("http://localhost:1");
        ConfluentRegistryClient.RegistryException e = assertThrows(ConfluentRegistryClient.RegistryException.class, () -> down.byId(1));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }
}
