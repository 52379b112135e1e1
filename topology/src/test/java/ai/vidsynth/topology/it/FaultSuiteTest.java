package ai.vidsynth.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.SequentialSynthesizer;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.VideoState;
import ai.vidsynth.schemas.registry.ApicurioRegistryServer;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.TopicSetup;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.io.FrameFeeder;
import ai.vidsynth.topology.io.FrameSink;
import ai.vidsynth.topology.io.VideoSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as an operator runs it, in its own JVM ({@code vidsynth run}), against a real broker and a real
 * Confluent-API registry, through the failures a service meets: kill -9 at random points (local state wiped on
 * some restarts), the broker stopped and killed, a second instance joining while the first is killed. Each
 * asserts, under read_committed, exactly one output per input and every image byte-identical to the model run
 * offline without interruption; each prints how long the service took to produce again after the failure.
 */
class FaultSuiteTest {

    @RegisterExtension
    static final ApicurioRegistryServer REGISTRY = new ApicurioRegistryServer();

    static final int VIDEOS = 2;
    static final int FRAMES = 12;

    @TempDir
    static Path shared;
    static Path model;
    static List<VideoSource> videos;
    static Map<String, RgbImage> reference;

    @BeforeAll
    static void modelAndUninterruptedRun() throws Exception {
        model = Vid2VidStreamingTest.seededVid2Vid(Files.createDirectories(shared.resolve("model")));
        videos = new ArrayList<>();
        for (int v = 0; v < VIDEOS; v++) {
            videos.add(VideoSource.simulated("fault-" + v, 100 + v, 512, 256, FRAMES));
        }
        reference = new HashMap<>();
        try (Synthesizer s = SequentialSynthesizer.load(model)) {
            for (VideoSource video : videos) {
                VideoState state = VideoState.EMPTY;
                for (int i = 0; i < FRAMES; i++) {
                    LabelFrame frame = video.frames().get(i).decode().resizedNearest(s.width(), s.height());
                    Synthesizer.Synthesis syn = s.next(state, frame, StyleClusters.Choice.DEFAULT);
                    reference.put(video.videoId() + "#" + i, syn.image());
                    state = syn.next();
                }
            }
        }
    }

    @Test
    void killNineAtRandomPointsLosesAndDuplicatesNothing(@TempDir Path work) throws Exception {
        Random random = new Random(7);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); Experiment x = new Experiment(broker.bootstrapServers(), work)) {
            ChildJvm service = x.startService("a");
            x.feed(4);
            // five kills, so the recovery time is a median of five; two of the restarts start from wiped local state
            List<Integer> killAt = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                killAt.add(2 + 4 * k + random.nextInt(3));
            }
            List<Double> recovery = new ArrayList<>();
            for (int k = 0; k < killAt.size(); k++) {
                x.awaitOutputs(killAt.get(k), Duration.ofMinutes(3));
                Thread.sleep(random.nextInt(400));
                service.kill();
                boolean wipe = k == 1 || k == 3;
                if (wipe) {
                    x.wipeState("a");
                }
                long killed = System.nanoTime();
                int before = x.outputs();
                service = x.startService("a");
                x.awaitOutputs(before + 1, Duration.ofMinutes(3));
                recovery.add((System.nanoTime() - killed) / 1e9);
                System.out.printf("kill -9 after %d outputs%s: producing again %.1f s after the restart%n", killAt.get(k),
                        wipe ? " (local state wiped)" : "", recovery.get(k));
            }
            x.verifyAll(Duration.ofMinutes(3));
            Collections.sort(recovery);
            System.out.printf("kill -9 and restart to the next output: median %.1f s of %s%n", recovery.get(recovery.size() / 2), recovery);
            service.terminate();
        }
    }

    @Test
    void brokerStoppedAndKilledLosesAndDuplicatesNothing(@TempDir Path work) throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        int controller = EmbeddedKafkaBroker.freePort();
        Path data = Files.createDirectories(work.resolve("kafka"));
        String[] brokerArgs = {"broker", "--port", String.valueOf(port), "--controller-port", String.valueOf(controller),
                "--log-dir", data.toString()};
        ChildJvm broker = ChildJvm.start(work.resolve("broker.log"), Map.of(), "512m", brokerArgs);
        try (Experiment x = new Experiment("localhost:" + port, work)) {
            ChildJvm service = x.startService("a");
            // inputs are held back in steps so that frames are always left to produce after each failure: the
            // recovery is measured on new work, never on a stream that had already ended
            x.feed(4, 8);
            for (boolean kill : new boolean[] {false, true}) {
                x.awaitOutputs(kill ? 14 : 5, Duration.ofMinutes(3));
                if (kill) {
                    broker.kill();
                } else {
                    broker.terminate();
                }
                long down = System.nanoTime();
                int before = x.outputs();
                broker = ChildJvm.start(work.resolve("broker.log"), Map.of(), "512m", brokerArgs);
                x.release(kill ? VIDEOS * FRAMES : 18);
                x.awaitOutputs(before + 1, Duration.ofMinutes(3));
                System.out.printf("broker %s and restarted: the service produced again %.1f s later%n", kill ? "killed (kill -9)" : "stopped (SIGTERM)",
                        (System.nanoTime() - down) / 1e9);
            }
            x.verifyAll(Duration.ofMinutes(3));
            service.terminate();
        } finally {
            broker.close();
        }
    }

    @Test
    void aSecondInstanceTakesOverFromAKilledFirst(@TempDir Path work) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); Experiment x = new Experiment(broker.bootstrapServers(), work)) {
            ChildJvm first = x.startService("a");
            x.feed(4);
            x.awaitOutputs(3, Duration.ofMinutes(3));
            ChildJvm second = x.startService("b");
            x.awaitOutputs(9, Duration.ofMinutes(3));
            first.kill();
            long killed = System.nanoTime();
            int before = x.outputs();
            x.awaitOutputs(before + 1, Duration.ofMinutes(3));
            System.out.printf("first instance killed: the second produced the next frame %.1f s later%n", (System.nanoTime() - killed) / 1e9);
            x.verifyAll(Duration.ofMinutes(3));
            second.terminate();
        }
    }

    /** One experiment: its topics, service instances, a paced feeder and a read_committed collector. */
    static final class Experiment implements AutoCloseable {

        final String bootstrap;
        final Path work;
        final ServiceConfig config;
        final String app = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        /**
         * The inputs the live collector has seen an output for. A set, not a count of records: when the broker dies
         * before the collector's offsets are committed it is handed the same records again, and counting those
         * would make "one more output" come true without any new output.
         */
        final Set<String> received = ConcurrentHashMap.newKeySet();
        /** How many inputs the feeder may publish so far; it waits at this limit until {@link #release} raises it. */
        final AtomicInteger released = new AtomicInteger();
        final List<ChildJvm> children = new ArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        final Thread collector;
        Thread feeder;

        Experiment(String bootstrap, Path work) throws Exception {
            this.bootstrap = bootstrap;
            this.work = work;
            this.config = ServiceConfig.defaults().with(Map.of(Setting.BOOTSTRAP_SERVERS, bootstrap,
                    Setting.SCHEMA_REGISTRY_URL, REGISTRY.url(), Setting.APPLICATION_ID, app, Setting.TOPIC_PARTITIONS, "2"));
            TopicSetup.ensureTopics(config);
            collector = new Thread(() -> {
                try (FrameSink sink = FrameSink.forService(config, app + "-collector")) {
                    while (running.get()) {
                        sink.poll(Duration.ofMillis(200), r -> received.add(key(r)));
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "collector");
            collector.start();
        }

        ChildJvm startService(String instance) throws Exception {
            Map<String, String> env = new HashMap<>(Map.of("VIDSYNTH_BOOTSTRAP_SERVERS", bootstrap, "VIDSYNTH_SCHEMA_REGISTRY_URL",
                    REGISTRY.url(), "VIDSYNTH_APPLICATION_ID", app, "VIDSYNTH_STATE_DIR", work.resolve("state-" + instance).toString(),
                    "VIDSYNTH_MODEL_DIR", model.toString(), "VIDSYNTH_TOPIC_PARTITIONS", "2"));
            if (Boolean.getBoolean("fault.dynamicMembership")) {
                // the "before" of the recovery measurement: dynamic membership and Kafka's default session timeout
                env.put("VIDSYNTH_INSTANCE_ID", "none");
                env.put("VIDSYNTH_KAFKA_SESSION_TIMEOUT_MS", "45000");
            }
            ChildJvm child = ChildJvm.start(work.resolve("service-" + instance + ".log"), env, "1g", "run");
            children.add(child);
            return child;
        }

        void wipeState(String instance) throws Exception {
            Vid2VidStreamingTest.wipe(work.resolve("state-" + instance));
        }

        /** Publishes every frame of every video, interleaved, at {@code fps} frames a second. */
        void feed(double fps) {
            feed(fps, VIDEOS * FRAMES);
        }

        /** As {@link #feed(double)}, stopping after the first {@code initially} inputs until {@link #release} is called. */
        void feed(double fps, int initially) {
            released.set(initially);
            feeder = new Thread(() -> {
                try (FrameFeeder f = FrameFeeder.forService(config)) {
                    int sent = 0;
                    for (int i = 0; i < FRAMES; i++) {
                        for (VideoSource v : videos) {
                            while (sent >= released.get()) {
                                f.flush();
                                Thread.sleep(20);
                            }
                            f.send(v, i, null, Map.of());
                            sent++;
                            Thread.sleep((long) (1000 / fps));
                        }
                    }
                    f.flush();
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "feeder");
            feeder.start();
        }

        /** Lets the feeder go on up to {@code inputs} inputs in all. */
        void release(int inputs) {
            released.set(inputs);
        }

        int outputs() {
            return received.size();
        }

        static String key(FrameSink.Received r) {
            return r.frame() != null ? r.frame().getVideoId() + "#" + r.frame().getFrameIndex()
                    : r.rejection().getVideoId() + "#" + r.rejection().getFrameIndex();
        }

        void awaitOutputs(int n, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (received.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(received.size() >= n, "only " + received.size() + " of " + n + " outputs; see the logs in " + work);
        }

        /**
         * Exactly one synthesized frame per input, none rejected, each equal to the uninterrupted offline run's. The
         * live collector only says when to look; the check reads both topics again from the start with a new
         * read_committed consumer, so that a record the collector was handed twice (its offsets not yet committed
         * when the broker died) is not mistaken for a record written twice.
         */
        void verifyAll(Duration timeout) throws Exception {
            feeder.join(timeout.toMillis());
            awaitOutputs(VIDEOS * FRAMES, timeout);
            assertTrue(failures.isEmpty(), failures.toString());
            List<FrameSink.Received> all = new ArrayList<>();
            try (FrameSink sink = FrameSink.forService(config, app + "-verify-" + UUID.randomUUID())) {
                long quietSince = System.nanoTime();
                long deadline = System.nanoTime() + timeout.toNanos();
                while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos() && System.nanoTime() < deadline) {
                    if (sink.poll(Duration.ofMillis(300), all::add) > 0) {
                        quietSince = System.nanoTime();
                    }
                }
            }
            Map<String, List<FrameSink.Received>> byFrame = new HashMap<>();
            for (FrameSink.Received r : all) {
                byFrame.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
            }
            assertEquals(VIDEOS * FRAMES, byFrame.size(), "inputs with an output: " + byFrame.keySet());
            for (Map.Entry<String, List<FrameSink.Received>> e : byFrame.entrySet()) {
                assertEquals(1, e.getValue().size(), e.getKey() + " came out " + e.getValue().size() + " times");
                FrameSink.Received r = e.getValue().get(0);
                assertNull(r.rejection(), () -> e.getKey() + " rejected: " + r.rejection().getMessage());
                RgbImage expected = reference.get(e.getKey());
                assertNotNull(expected, e.getKey());
                assertEquals(expected, RgbImage.decode(TestFrames.bytes(r.frame().getImage())), e.getKey() + " differs from the uninterrupted run");
            }
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            collector.join(10_000);
            if (feeder != null) {
                feeder.join(10_000);
            }
            for (ChildJvm c : children) {
                c.close();
            }
        }
    }
}
