package ai.vidsynth.topology.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The demo with {@code --http-port}, watched from outside: readiness goes from 503 to 200, the service's own
 * counters rise with frames next to Kafka Streams' and the JVM's metrics, and the viewer page in a real headless
 * Chromium (Debian's, driven through its ChromeDriver) shows a frame that changes as the stream goes on.
 * Skipped where Chromium is not installed ({@code tools/test} installs it).
 */
class ViewerPageTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    private static final Pattern SYNTHESIZED = Pattern.compile("(?m)^vidsynth_frames_synthesized_total (\\S+)$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void healthMetricsAndALiveViewerInChromium(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no Chromium at " + CHROMIUM + " with ChromeDriver at " + CHROMEDRIVER + ": tools/test installs Debian's");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> new CommandLine(new DemoCommand()).execute(
                "--simulate", "--videos", "1", "--frames", "60", "--model-dir", DemoCommandTest.MODEL.toString(),
                "--out", dir.resolve("out").toString(), "--http-port", Integer.toString(port), "--hold-s", "3"));

        // readiness: 503 while the model loads and Kafka Streams rebalances, then 200
        List<Integer> codes = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline && !demo.isDone()) {
            int code = status(base.resolve("health/ready"));
            if (code > 0 && (codes.isEmpty() || codes.get(codes.size() - 1) != code)) {
                codes.add(code);
            }
            if (code == 200) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(List.of(503, 200), codes, "readiness answers in order");
        assertEquals(200, status(base.resolve("health/live")));
        // read as soon as the service runs: the demo's frames are only being sent then
        double synthesizedBefore = synthesized(get(base.resolve("metrics")));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags Chromium needs as root on a machine with a closed network
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1100,760",
                "--user-data-dir=" + dir.resolve("chromium"));
        ChromeDriverService driverService = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(driverService, options);
        try {
            browser.get(base.toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(100));
            WebElement image = wait.until(b -> b.findElement(By.cssSelector(".video img[data-frame-index]")));
            String firstIndex = image.getAttribute("data-frame-index");
            BufferedImage first = ImageIO.read(new ByteArrayInputStream(image.getScreenshotAs(OutputType.BYTES)));

            wait.until(b -> !firstIndex.equals(b.findElement(By.cssSelector(".video img")).getAttribute("data-frame-index")));
            WebElement later = browser.findElement(By.cssSelector(".video img"));
            String laterIndex = later.getAttribute("data-frame-index");
            // A screenshot is of the last composited frame, which under load can lag the page's state (two CI runs
            // saw a later label over an unchanged screenshot): the page must show other pixels within seconds.
            BufferedImage second = ImageIO.read(new ByteArrayInputStream(later.getScreenshotAs(OutputType.BYTES)));
            for (long until = System.nanoTime() + Duration.ofSeconds(20).toNanos(); differingPixels(first, second) == 0
                    && System.nanoTime() < until; ) {
                Thread.sleep(200);
                second = ImageIO.read(new ByteArrayInputStream(later.getScreenshotAs(OutputType.BYTES)));
            }
            Files.write(Path.of("target", "viewer-screenshot.png"), browser.getScreenshotAs(OutputType.BYTES));

            assertTrue(Long.parseLong(laterIndex) > Long.parseLong(firstIndex), firstIndex + " then " + laterIndex);
            assertTrue(first.getWidth() >= 256 && first.getHeight() >= 128, "the frame is shown at its size or larger");
            assertNotEquals(0, differingPixels(first, second), "the displayed frame changed from frame " + firstIndex + " to " + laterIndex);
            // label and stats name the frame the server sent, which may be newer than the event that asked for it;
            // read together in one script, since the page moves on between two WebDriver calls
            @SuppressWarnings("unchecked")
            List<String> card = (List<String>) browser.executeScript("const v = document.querySelector('.video');"
                    + " return [v.querySelector('img').dataset.frameIndex, v.querySelector('.stats').textContent];");
            assertTrue(card.get(1).contains("frames/s"), card.get(1));
            assertTrue(card.get(1).startsWith("frame " + card.get(0) + " "), card.get(1) + " labelled frame " + card.get(0));

            String metrics = get(base.resolve("metrics"));
            // it counted at least every frame up to the one shown; the viewer follows committed frames, so the
            // service may have finished all 60 before the browser got here
            assertTrue(synthesized(metrics) > synthesizedBefore && synthesized(metrics) >= Long.parseLong(laterIndex) + 1,
                    "the service's counter rises with frames: " + synthesizedBefore + " then " + synthesized(metrics));
            for (String family : new String[] {"vidsynth_frames_received_total", "vidsynth_frames_rejected_total{reason=\"STALE\"}",
                    "vidsynth_model_seconds_bucket", "vidsynth_frame_latency_seconds_bucket", "vidsynth_active_videos",
                    "vidsynth_process_resident_bytes", "vidsynth_model_info", "kafka_stream_", "jvm_memory_used_bytes", "jvm_gc_"}) {
                assertTrue(metrics.contains(family), family + " in /metrics");
            }
            // every series the compose setup's Grafana dashboard queries is exported
            Matcher queried = Pattern.compile("\\b((?:vidsynth|kafka|jvm)_[a-z_]+)").matcher(
                    Files.readString(Path.of(System.getProperty("project.root", "..")).resolve("deploy/grafana/dashboards/vidsynth.json")));
            int series = 0;
            while (queried.find()) {
                assertTrue(metrics.contains(queried.group(1) + "{") || metrics.contains(queried.group(1) + " "),
                        "the dashboard queries " + queried.group(1) + ", which /metrics lacks");
                series++;
            }
            assertTrue(series >= 8, "series in the dashboard: " + series);
        } finally {
            browser.quit();
        }
        assertEquals(0, demo.get(), "the demo's exit code");
    }

    private static double synthesized(String metrics) {
        Matcher m = SYNTHESIZED.matcher(metrics);
        assertTrue(m.find(), "vidsynth_frames_synthesized_total in /metrics");
        return Double.parseDouble(m.group(1));
    }

    private static long differingPixels(BufferedImage a, BufferedImage b) {
        long n = 0;
        for (int y = 0; y < Math.min(a.getHeight(), b.getHeight()); y++) {
            for (int x = 0; x < Math.min(a.getWidth(), b.getWidth()); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }

    private int status(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private String get(URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), uri.toString());
        return r.body();
    }
}
