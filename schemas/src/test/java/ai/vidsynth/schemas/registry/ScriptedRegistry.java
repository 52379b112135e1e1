package ai.vidsynth.schemas.registry;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A scripted HTTP(S) server (the JDK's) for the protocol details a real server cannot be made to show on
 * demand: 5xx answers, slow answers, the headers the client sends, a certificate no public CA signed.
 * The script maps the n-th request (0-based) to an answer.
 */
final class ScriptedRegistry implements AutoCloseable {

    record Request(String method, String path, String authorization, String contentType, String body) {}

    record Answer(int status, String body, long delayMs) {
        static Answer ok(String body) {
            return new Answer(200, body, 0);
        }

        static Answer error(int status, int code, String message) {
            return new Answer(status, "{\"error_code\":" + code + ",\"message\":\"" + message + "\"}", 0);
        }
    }

    interface Script {
        Answer answer(int n, Request request);
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    ScriptedRegistry(Script script) {
        this(script, null);
    }

    /** @param tls serve HTTPS with this server-side context (its key and certificate), or plain HTTP when null */
    ScriptedRegistry(Script script, SSLContext tls) {
        try {
            if (tls == null) {
                server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            } else {
                HttpsServer https = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("Content-Type"), new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int n = requests.size();
            requests.add(r);
            Answer a = script.answer(n, r);
            try {
                Thread.sleep(a.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
            try {
                ex.sendResponseHeaders(a.status(), b.length);
                ex.getResponseBody().write(b);
            } catch (IOException clientGone) {
                // the client timed out: that is what the slow answer tests
            }
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
