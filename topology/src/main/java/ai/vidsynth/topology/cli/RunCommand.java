package ai.vidsynth.topology.cli;

import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.Synthesizers;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.config.ServiceConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the service against a Kafka cluster and schema registry until stopped (Ctrl-C).")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        ServiceConfig config = options.load();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        try (Synthesizer synthesizer = Synthesizers.open(config.modelDir(), config.modelDevice());
                SynthesisService service = SynthesisService.start(config, synthesizer)) {
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
