package ai.vidsynth.topology.cli;

import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded broker on its own, for running {@code run}, {@code feed} and {@code sink} as separate processes
 * without Docker, and for fault tests that kill the broker itself.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a single-node Kafka broker (KRaft, the one demo uses) until stopped. Its data stays in --log-dir,",
                "so a broker started again on the same folder and ports continues where the last one stopped (or was killed)."})
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "client port, default ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--controller-port", defaultValue = "9093", description = "KRaft controller port, default ${DEFAULT-VALUE}")
    int controllerPort;

    @Option(names = "--log-dir", defaultValue = "kafka-data", description = "data folder, default ${DEFAULT-VALUE}")
    Path logDir;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(logDir);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, false, port, controllerPort)) {
            // on SIGTERM the hook waits for the broker to close: the JVM would otherwise exit halfway through it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                awaitQuietly(stopped);
            }));
            System.out.println("broker running: " + broker.bootstrapServers() + ", data in " + logDir.toAbsolutePath());
            stop.await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
