package ai.vidsynth.topology.cli;

import ai.vidsynth.model.memory.AllocatorPolicy;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.Synthesizers;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.http.ServiceHttp;
import ai.vidsynth.topology.metrics.ServiceMetrics;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the service against a Kafka cluster and schema registry until stopped (Ctrl-C).")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--http-port", description = "serve the live viewer, /health/live, /health/ready and /metrics on this port "
            + "(http.host, default 127.0.0.1; 0 = any free port); default: http.port, -1 = none")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        ServiceConfig config = options.load();
        System.err.println(AllocatorPolicy.apply());
        if (httpPort != null) {
            config = config.with(Setting.HTTP_PORT, httpPort.toString());
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // the HTTP endpoint comes up first: live (not ready) while the model loads
        try (ServiceMetrics metrics = new ServiceMetrics();
                ServiceHttp http = ServiceHttp.start(config, metrics);
                Synthesizer synthesizer = Synthesizers.open(config.modelDir(), config.modelDevice(), config.modelThreads());
                SynthesisService service = SynthesisService.start(config, synthesizer, metrics)) {
            if (http != null) {
                http.attach(service, synthesizer, config);
                System.out.println("viewer and metrics: " + http.uri());
            }
            // on SIGTERM the hook waits for the service to close (commit, leave the group): the JVM would otherwise
            // exit halfway through it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                BrokerCommand.awaitQuietly(stopped);
            }));
            System.out.printf("vidsynth running: %s -> %s (rejections: %s), model %s on %s, %s, bootstrap %s%n",
                    config.inputTopic(), config.outputTopic(), config.rejectedTopic(), synthesizer.modelId(), synthesizer.device(),
                    config.processingGuarantee(), config.bootstrapServers());
            stop.await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
