package ai.vidsynth.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * One JSON call to a Confluent-API registry: basic auth, TLS trust and timeouts from the config; connection
 * errors and 5xx answers retried with bounded exponential back-off (moving on to the next URL, as Confluent's
 * client does); error answers turned into the {@link RegistryException} their {@code error_code} names.
 * Every Confluent call is idempotent (registering an existing schema returns its id), so retrying a POST is safe.
 */
final class RegistryHttp {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryConfig config;
    private final HttpClient http;
    private final String authorization;

    RegistryHttp(RegistryConfig config) {
        this.config = config;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(config.connectTimeout());
        if (config.truststore() != null) {
            b.sslContext(sslContext(config.truststore()));
        }
        this.http = b.build();
        this.authorization = config.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    JsonNode get(String path) {
        return call("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return call("POST", path, body);
    }

    JsonNode put(String path, JsonNode body) {
        return call("PUT", path, body);
    }

    static ObjectMapper json() {
        return JSON;
    }

    private JsonNode call(String method, String path, JsonNode body) {
        RegistryException last = null;
        for (int attempt = 0; attempt <= config.retry().maxRetries(); attempt++) {
            if (attempt > 0) {
                sleep(config.retry().waitBefore(attempt).toMillis());
            }
            String base = config.urls().get(attempt % config.urls().size());
            URI uri = URI.create(stripSlash(base) + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                    .header("Accept", CONTENT_TYPE).header("Content-Type", CONTENT_TYPE)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (SSLHandshakeException e) {
                // most often a certificate from a private CA: say which setting fixes it, not only the JDK's PKIX words
                last = new RegistryException.UnavailableException("TLS handshake with the schema registry at " + base + " failed: " + e
                        + " (if its certificate is signed by a private CA, set " + RegistryConfig.TRUSTSTORE_LOCATION + ")", e);
                continue;
            } catch (IOException e) {
                last = new RegistryException.UnavailableException("schema registry at " + base + " unreachable: " + e, e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException.UnavailableException("interrupted while calling the schema registry at " + base, e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return parse(response.body());
            }
            String what = method + " " + uri + " answered " + status;
            if (status / 100 == 5 || status == 408 || status == 429) {
                last = new RegistryException.UnavailableException("schema registry " + what + ": " + response.body(), null);
                continue;
            }
            throw error(status, what, response.body());
        }
        throw new RegistryException.UnavailableException(last.getMessage() + " (after " + config.retry().maxRetries() + " retries)", last.getCause());
    }

    /** Confluent's error answer: {@code {"error_code": 40403, "message": "Schema not found"}}. */
    private static RegistryException error(int status, String what, String body) {
        JsonNode answer;
        try {
            answer = parse(body);
        } catch (RegistryException e) {
            answer = JSON.createObjectNode();
        }
        // Apicurio's ccompat answers 409 with error_code 0: the HTTP status then stands for the code
        int code = answer.path("error_code").asInt(0) == 0 ? status : answer.path("error_code").asInt();
        String message = "schema registry " + what + ", error " + code + ": " + answer.path("message").asText(body);
        if (status == 401 || status == 403) {
            return new RegistryException.AuthenticationException(status, message + " (check basic.auth.user.info)");
        }
        return switch (code) {
            case RegistryException.SUBJECT_NOT_FOUND, RegistryException.VERSION_NOT_FOUND -> new RegistryException.SubjectNotFoundException(code, message);
            case RegistryException.SCHEMA_NOT_FOUND -> new RegistryException.SchemaNotFoundException(code, message);
            case RegistryException.INCOMPATIBLE_SCHEMA -> new RegistryException.IncompatibleSchemaException(message);
            case RegistryException.INVALID_SCHEMA -> new RegistryException.InvalidSchemaException(message);
            default -> new RegistryException(code, message);
        };
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new RegistryException(RegistryException.UNREACHABLE, "schema registry answered something that is not JSON: " + body);
        }
    }

    private static SSLContext sslContext(RegistryConfig.Truststore t) {
        try (InputStream in = Files.newInputStream(Path.of(t.location()))) {
            KeyStore store = KeyStore.getInstance(t.type());
            store.load(in, t.password() == null ? null : t.password().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load " + RegistryConfig.TRUSTSTORE_LOCATION + " " + t.location() + ": " + e.getMessage(), e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException.UnavailableException("interrupted while waiting to retry the schema registry", e);
        }
    }
}
