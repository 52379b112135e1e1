package ai.vidsynth.topology.cli;

import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.Synthesizers;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.http.ServiceHttp;
import ai.vidsynth.topology.metrics.ServiceMetrics;
import ai.vidsynth.topology.io.FrameFeeder;
import ai.vidsynth.topology.io.FrameSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code demo} and {@code soak} run on, all in this JVM: an embedded broker, the service on its model with
 * its state in a temporary folder, a feeder of its input topic and a read_committed sink of its outputs.
 * Closed in reverse order; the state folder is deleted.
 */
final class EmbeddedStack implements AutoCloseable {

    final EmbeddedKafkaBroker broker;
    final ServiceConfig config;
    final Synthesizer synthesizer;
    final SynthesisService service;
    final FrameSink sink;
    final FrameFeeder feeder;
    final ServiceMetrics metrics;
    /** Null unless the settings give {@code http.port}. */
    final ServiceHttp http;
    private final Path state;

    private EmbeddedStack(EmbeddedKafkaBroker broker, ServiceConfig config, Synthesizer synthesizer, SynthesisService service,
            FrameSink sink, FrameFeeder feeder, ServiceMetrics metrics, ServiceHttp http, Path state) {
        this.broker = broker;
        this.config = config;
        this.synthesizer = synthesizer;
        this.service = service;
        this.sink = sink;
        this.feeder = feeder;
        this.metrics = metrics;
        this.http = http;
        this.state = state;
    }

    /**
     * Starts everything and waits for the service to run (120 s at most).
     *
     * @param name     application id and consumer group prefix
     * @param settings on top of the environment's configuration and the stack's own (broker, state folder, 2 partitions)
     */
    static EmbeddedStack start(String name, Map<Setting, String> settings) throws Exception {
        Path state = Files.createTempDirectory(name + "-state");
        EmbeddedKafkaBroker broker = null;
        Synthesizer synthesizer = null;
        SynthesisService service = null;
        FrameSink sink = null;
        ServiceMetrics metrics = new ServiceMetrics();
        ServiceHttp http = null;
        try {
            broker = EmbeddedKafkaBroker.start();
            Map<Setting, String> own = new HashMap<>(Map.of(Setting.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    Setting.APPLICATION_ID, name, Setting.STATE_DIR, state.toString(), Setting.TOPIC_PARTITIONS, "2"));
            own.putAll(settings);
            ServiceConfig config = ServiceConfig.load(null, System.getenv(), Map.of()).with(own);
            http = ServiceHttp.start(config, metrics);
            synthesizer = Synthesizers.open(config.modelDir(), config.modelDevice(), config.modelThreads());
            service = SynthesisService.start(config, synthesizer, metrics);
            if (http != null) {
                http.attach(service, synthesizer, config);
            }
            sink = FrameSink.forService(config, name + "-sink");
            FrameFeeder feeder = FrameFeeder.forService(config);
            EmbeddedStack stack = new EmbeddedStack(broker, config, synthesizer, service, sink, feeder, metrics, http, state);
            if (!service.awaitRunning(Duration.ofSeconds(120))) {
                stack.close();
                throw new IllegalStateException("the service did not start: " + service.state());
            }
            return stack;
        } catch (Exception | Error e) {
            for (AutoCloseable c : new AutoCloseable[] {sink, service, synthesizer, http, metrics, broker}) {
                closeQuietly(c);
            }
            DemoCommand.deleteQuietly(state);
            throw e;
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {feeder, sink, service, synthesizer, http, metrics, broker}) {
            closeQuietly(c);
        }
        DemoCommand.deleteQuietly(state);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // closing the rest matters more than one failed close
        }
    }
}
