package ai.vidsynth.topology.http;

import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.metrics.ServiceMetrics;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP endpoint, on the JDK's own server ({@code jdk.httpserver}): a handful of routes need no
 * framework, and a dependency less is a dependency less to keep secure.
 * <ul>
 *   <li>{@code /health/live}: 200 while the process serves at all;</li>
 *   <li>{@code /health/ready}: 200 once the model is loaded and Kafka Streams is RUNNING, else 503 (JSON says why);</li>
 *   <li>{@code /metrics}: Prometheus text format ({@link ServiceMetrics});</li>
 *   <li>{@code /}: the live viewer page; {@code /events} its server-sent events; {@code /frames/ID} a video's
 *       newest frame; {@code /videos} the shown videos as JSON.</li>
 * </ul>
 * Nothing here prints a setting: no credential can leak through it.
 */
public final class ServiceHttp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceHttp.class);
    /** Pages open at once; each holds a thread for its event stream. */
    static final int MAX_EVENT_STREAMS = 8;
    private static final long KEEP_ALIVE_S = 15;
    /** Videos on the page at most, and how long one stays there without a new frame. */
    private static final int MAX_VIDEOS = 32;
    private static final long VIDEO_IDLE_MS = 30_000;

    private final HttpServer server;
    private final ExecutorService threads;
    private final ServiceMetrics metrics;
    private final LiveFrames live;
    private final AtomicInteger streams = new AtomicInteger();
    private volatile BooleanSupplier ready = () -> false;
    private volatile Supplier<Map<String, Object>> status = () -> Map.of("state", "STARTING", "detail", "loading the model");
    private volatile boolean closed;
    private LiveFeed feed;

    private ServiceHttp(HttpServer server, ServiceMetrics metrics, LiveFrames live) {
        this.server = server;
        this.metrics = metrics;
        this.live = live;
        this.threads = Executors.newFixedThreadPool(MAX_EVENT_STREAMS + 4, r -> {
            Thread t = new Thread(r, "vidsynth-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/health/live", this::live);
        server.createContext("/health/ready", this::ready);
        server.createContext("/metrics", this::metrics);
        server.createContext("/events", this::events);
        server.createContext("/frames/", this::frame);
        server.createContext("/videos", this::videos);
        server.createContext("/", this::page);
    }

    /**
     * Serves on {@code http.host:http.port} from now on, before the model is loaded (live, not ready); {@link
     * #attach} the service once it is started.
     *
     * @return null when {@code http.port} is -1
     */
    public static ServiceHttp start(ServiceConfig config, ServiceMetrics metrics) {
        return config.httpPort() < 0 ? null : start(config.httpHost(), config.httpPort(), metrics, new LiveFrames(MAX_VIDEOS, VIDEO_IDLE_MS));
    }

    /**
     * Ready from now on when the service runs; the viewer follows the service's output topic.
     */
    public void attach(SynthesisService service, Synthesizer synthesizer, ServiceConfig config) {
        feed = LiveFeed.start(config, live);
        ready(() -> service.state() == KafkaStreams.State.RUNNING, () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", service.state().name());
            m.put("model", synthesizer.modelId());
            m.put("device", synthesizer.device());
            return m;
        });
    }

    /**
     * Serves on {@code host:port} (port 0: any free port) from now on; not ready until {@link #ready} says so.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    static ServiceHttp start(String host, int port, ServiceMetrics metrics, LiveFrames live) {
        try {
            ServiceHttp http = new ServiceHttp(HttpServer.create(new InetSocketAddress(host, port), 0), metrics, live);
            http.server.start();
            LOG.info("HTTP on {}: viewer /, /health/live, /health/ready, /metrics", http.uri());
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** From now on readiness is {@code ready}, and {@code status} says what the service is doing. */
    void ready(BooleanSupplier ready, Supplier<Map<String, Object>> status) {
        this.status = status;
        this.ready = ready;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + (a.getAddress().isAnyLocalAddress() ? "localhost" : a.getHostString()) + ":" + a.getPort() + "/");
    }

    private void live(HttpExchange ex) throws IOException {
        send(ex, 200, "application/json", "{\"status\":\"UP\"}");
    }

    private void ready(HttpExchange ex) throws IOException {
        boolean ok = ready.getAsBoolean();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "UP" : "DOWN");
        body.putAll(status.get());
        send(ex, ok ? 200 : 503, "application/json", LiveFrames.json(body));
    }

    private void metrics(HttpExchange ex) throws IOException {
        send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
    }

    private void videos(HttpExchange ex) throws IOException {
        List<Map<String, Object>> out = live.videos().stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("videoId", v.videoId());
            m.put("frameIndex", v.frameIndex());
            m.put("fps", v.fps());
            m.put("latencyMs", v.latencyMs());
            return m;
        }).toList();
        send(ex, 200, "application/json", LiveFrames.json(out));
    }

    /** {@code /frames/ID}: a video's newest frame as published (PNG or JPEG); {@code /frames/ID.png} works too. */
    private void frame(HttpExchange ex) throws IOException {
        String name = URLDecoder.decode(ex.getRequestURI().getRawPath().substring("/frames/".length()), StandardCharsets.UTF_8);
        var video = live.video(name);
        if (video.isEmpty() && (name.endsWith(".png") || name.endsWith(".jpg"))) {
            video = live.video(name.substring(0, name.length() - 4));
        }
        if (video.isEmpty()) {
            send(ex, 404, "text/plain; charset=utf-8", "no such video on show\n");
            return;
        }
        byte[] image = video.get().image();
        boolean jpeg = image.length > 2 && (image[0] & 0xff) == 0xFF && (image[1] & 0xff) == 0xD8;
        ex.getResponseHeaders().set("Content-Type", jpeg ? "image/jpeg" : "image/png");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Frame-Index", Long.toString(video.get().frameIndex()));
        ex.sendResponseHeaders(200, image.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(image);
        }
    }

    /** Server-sent events: every new frame of every shown video, and videos leaving the page. */
    private void events(HttpExchange ex) throws IOException {
        if (streams.incrementAndGet() > MAX_EVENT_STREAMS) {
            streams.decrementAndGet();
            send(ex, 503, "text/plain; charset=utf-8", "too many viewers (" + MAX_EVENT_STREAMS + " at most)\n");
            return;
        }
        BlockingQueue<String> queue = live.subscribe();
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (!closed) {
                    String event = queue.poll(KEEP_ALIVE_S, TimeUnit.SECONDS);
                    // a comment line now and then: a page that went away shows up as a failed write
                    out.write((event != null ? event : ": keep-alive\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the page went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            live.unsubscribe(queue);
            streams.decrementAndGet();
            ex.close();
        }
    }

    private void page(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.equals("/") && !path.equals("/index.html")) {
            send(ex, 404, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        try (InputStream in = ServiceHttp.class.getResourceAsStream("viewer.html")) {
            send(ex, 200, "text/html; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (feed != null) {
            try {
                feed.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
