package ai.vidsynth.topology.metrics;

import ai.vidsynth.model.memory.MemoryProbe;
import ai.vidsynth.schemas.RejectionReason;
import ai.vidsynth.topology.processor.FrameBatcher;
import ai.vidsynth.topology.processor.FrameMetrics;
import ai.vidsynth.topology.state.BoundedRocksDb;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The service's metrics in Prometheus' text format, through Micrometer: the JVM's (memory, GC, threads,
 * classes, CPU, uptime), Kafka Streams' own (every client metric of its consumers, producers and tasks) and
 * the service's:
 * <ul>
 *   <li>{@code vidsynth_frames_received_total}, {@code vidsynth_frames_synthesized_total},
 *       {@code vidsynth_frames_rejected_total{reason}} (every reason present from the start, at 0);</li>
 *   <li>{@code vidsynth_model_seconds} and {@code vidsynth_frame_latency_seconds} (input record's timestamp
 *       until the frame is handed to the output topic) as histograms, with buckets for {@code histogram_quantile};</li>
 *   <li>{@code vidsynth_active_videos}, {@code vidsynth_batch_frames} (when batching is on);</li>
 *   <li>native memory: {@code vidsynth_process_resident_bytes}, {@code vidsynth_rocksdb_memory_bytes},
 *       {@code vidsynth_ndarrays_alive}; the heap is in {@code jvm_memory_used_bytes}.</li>
 * </ul>
 * Under exactly-once a transaction that aborts is processed again, so the frame counters count processing
 * attempts: they can run ahead of the committed outputs after a crash.
 */
public final class ServiceMetrics implements FrameMetrics, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter received;
    private final Counter synthesized;
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
    private final Timer model;
    private final Timer latency;
    private KafkaStreamsMetrics streams;

    public ServiceMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        received = Counter.builder("vidsynth.frames.received").description("records read from the input topic").register(registry);
        synthesized = Counter.builder("vidsynth.frames.synthesized").description("frames synthesized and handed to the output topic")
                .register(registry);
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason, Counter.builder("vidsynth.frames.rejected").tag("reason", reason.name())
                    .description("records answered on the rejection topic, by reason").register(registry));
        }
        model = Timer.builder("vidsynth.model").description("the generator's time per frame")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        latency = Timer.builder("vidsynth.frame.latency")
                .description("from the input record's timestamp until the synthesized frame is handed to the output topic")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        Gauge.builder("vidsynth.process.resident", MemoryProbe::residentBytes).baseUnit("bytes")
                .description("resident memory of the process (the Java heap, libtorch, RocksDB, everything)").register(registry);
        Gauge.builder("vidsynth.rocksdb.memory", BoundedRocksDb::usageBytes).baseUnit("bytes")
                .description("RocksDB's shared budget in use: block cache, memtables, index and filter blocks").register(registry);
        Gauge.builder("vidsynth.ndarrays.alive", MemoryProbe::liveNdArrays).description("NDArrays alive in DJL's engine").register(registry);
    }

    /** The model this process runs and where, as an info metric ({@code vidsynth_model_info{model,device} 1}). */
    public void model(String modelId, String device) {
        Gauge.builder("vidsynth.model.info", () -> 1).tag("model", modelId).tag("device", device)
                .description("the model this instance runs and its device").register(registry);
    }

    /** Kafka Streams' own metrics, and the number of videos whose state this instance holds. */
    public <T> void service(KafkaStreams kafkaStreams, T owner, ToDoubleFunction<T> activeVideos) {
        streams = new KafkaStreamsMetrics(kafkaStreams);
        streams.bindTo(registry);
        Gauge.builder("vidsynth.active.videos", owner, activeVideos).description("videos whose state this instance holds").register(registry);
    }

    /** The size of every batch the batcher runs. */
    public void batches(FrameBatcher batcher) {
        DistributionSummary sizes = DistributionSummary.builder("vidsynth.batch.frames").description("frames per model batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32).register(registry);
        batcher.onBatch(sizes::record);
    }

    @Override
    public void received() {
        received.increment();
    }

    @Override
    public void synthesized(long modelMs, long latencyMs) {
        synthesized.increment();
        model.record(Duration.ofMillis(modelMs));
        latency.record(Duration.ofMillis(Math.max(0, latencyMs)));
    }

    @Override
    public void rejected(RejectionReason reason) {
        rejected.get(reason).increment();
    }

    /** Everything, in Prometheus' text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close();
        }
        gc.close();
        registry.close();
    }
}
