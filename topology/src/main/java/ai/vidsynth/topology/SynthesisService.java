package ai.vidsynth.topology;

import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.topology.processor.FrameBatcher;
import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.StreamsProperties;
import ai.vidsynth.topology.metrics.ServiceMetrics;
import ai.vidsynth.topology.processor.FrameMetrics;
import ai.vidsynth.topology.state.VideoStores;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: topics ensured, the topology started on Kafka Streams, closed on demand. */
public final class SynthesisService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SynthesisService.class);

    private final KafkaStreams streams;
    private final FrameBatcher batcher;
    /** Where the model runs when pipelined (null otherwise); its threads live as long as the service. */
    private final ExecutorService modelThreads;
    private final CountDownLatch running = new CountDownLatch(1);

    private SynthesisService(KafkaStreams streams, FrameBatcher batcher, ExecutorService modelThreads) {
        this.streams = streams;
        this.batcher = batcher;
        this.modelThreads = modelThreads;
    }

    public static SynthesisService start(ServiceConfig config, Synthesizer synthesizer) {
        return start(config, synthesizer, null);
    }

    /** @param metrics told about every frame and bound to Kafka Streams' own metrics; null for none */
    public static SynthesisService start(ServiceConfig config, Synthesizer synthesizer, ServiceMetrics metrics) {
        int inputPartitions = TopicSetup.ensureTopics(config);
        FrameBatcher batcher = config.batchMaxSize() > 1 ? new FrameBatcher(synthesizer, config.batchMaxSize(), config.batchMaxWait()) : null;
        if (batcher != null && config.streamThreads() < 2) {
            LOG.warn("batch.max.size {} with stream.threads {}: one stream thread hands over one frame at a time, so no batch forms",
                    config.batchMaxSize(), config.streamThreads());
        }
        ExecutorService modelThreads = config.pipelined() ? FrameSynthesisTopology.modelThreads(config.streamThreads()) : null;
        KafkaStreams streams = new KafkaStreams(FrameSynthesisTopology.buildTopology(config, batcher != null ? batcher : synthesizer,
                        SchemaRegistries.forConfig(config.registryClientConfig()), true, inputPartitions,
                        metrics != null ? metrics : FrameMetrics.NONE, modelThreads),
                StreamsProperties.of(config));
        SynthesisService service = new SynthesisService(streams, batcher, modelThreads);
        if (metrics != null) {
            metrics.model(synthesizer.modelId(), synthesizer.device());
            metrics.service(streams, service, SynthesisService::activeVideos);
            if (batcher != null) {
                metrics.batches(batcher);
            }
        }
        streams.setStateListener((now, before) -> {
            LOG.info("streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                service.running.countDown();
            }
        });
        // an unexpected failure (bad input never throws) restarts the stream thread; state is restored from the changelog
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed, replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        return service;
    }

    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The videos whose state this instance holds now (counted in its local stores); NaN while they cannot be read. */
    public double activeVideos() {
        try (KeyValueIterator<String, byte[]> all = streams.store(StoreQueryParameters.fromNameAndType(VideoStores.PROGRESS,
                QueryableStoreTypes.<String, byte[]>keyValueStore())).all()) {
            long n = 0;
            for (; all.hasNext(); all.next()) {
                n++;
            }
            return n;
        } catch (InvalidStateStoreException e) {
            // not running, or rebalancing
            return Double.NaN;
        }
    }

    /** Stops without wiping local state (a restart resumes from it and the changelog). */
    @Override
    public void close() {
        // leaveGroup: a static member does not leave on its own, and its partitions would wait for its session to
        // time out; a clean shutdown hands them over at once
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
        if (batcher != null) {
            batcher.close();
        }
        // after the streams: closing a task waits for its frame in flight
        if (modelThreads != null) {
            modelThreads.shutdown();
        }
    }
}
