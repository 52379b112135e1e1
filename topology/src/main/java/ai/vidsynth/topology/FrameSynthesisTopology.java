package ai.vidsynth.topology;

import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.SchemaRegistry;
import ai.vidsynth.schemas.serde.AvroDeserializer;
import ai.vidsynth.schemas.serde.AvroSerializer;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.processor.FrameDecoder;
import ai.vidsynth.topology.processor.FrameMetrics;
import ai.vidsynth.topology.processor.InputPartitioning;
import ai.vidsynth.topology.processor.SequenceRules;
import ai.vidsynth.topology.processor.SynthesisProcessor;
import ai.vidsynth.topology.state.InFlightFrames;
import ai.vidsynth.topology.state.VideoStores;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The service's data flow in one place:
 * <pre>
 *   semantic-frames ──► synthesize (per-video state stores) ──► synthesized-frames
 *                                                          └──► frames-rejected
 * </pre>
 * Input values are read as raw bytes and decoded inside the processor, so an undecodable record becomes a
 * rejection instead of a deserialization failure.
 */
public final class FrameSynthesisTopology {

    private static final String SOURCE = "semantic-frames-in";
    private static final String PROCESSOR = "synthesize";

    private FrameSynthesisTopology() {}

    /**
     * @param inputPartitions the input topic's partitions: a frame on another partition than Java's default
     *                        partitioner gives its key is rejected ({@link InputPartitioning})
     */
    public static Topology buildTopology(ServiceConfig config, Synthesizer synthesizer, SchemaRegistry registry, boolean persistentStores,
            int inputPartitions) {
        return buildTopology(config, synthesizer, registry, persistentStores, inputPartitions, FrameMetrics.NONE);
    }

    /** @param metrics told about every frame (counts, model time, latency, rejections by reason) */
    public static Topology buildTopology(ServiceConfig config, Synthesizer synthesizer, SchemaRegistry registry, boolean persistentStores,
            int inputPartitions, FrameMetrics metrics) {
        return buildTopology(config, synthesizer, registry, persistentStores, inputPartitions, metrics,
                config.pipelined() ? idleEndingModelThreads(config.streamThreads()) : null);
    }

    /**
     * @param modelThreads where a pipelined processor runs the model while its stream thread publishes the previous
     *                     frame and commits; null: not pipelined, each frame is done within its {@code process()} call
     */
    public static Topology buildTopology(ServiceConfig config, Synthesizer synthesizer, SchemaRegistry registry, boolean persistentStores,
            int inputPartitions, FrameMetrics metrics, Executor modelThreads) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), config.inputTopic());
        topology.addProcessor(PROCESSOR, () -> new SynthesisProcessor(decoder(config, synthesizer, registry),
                new SequenceRules(config.maxFrameGap()), new InputPartitioning(inputPartitions), synthesizer,
                config.idleTimeout(), config.punctuateInterval(), config.latencyBudget(), metrics, config.frameEncoding(), modelThreads),
                SOURCE);
        VideoStores.builders(persistentStores, config.maxRecordBytes()).forEach(b -> topology.addStateStore(b, PROCESSOR));
        topology.addStateStore(InFlightFrames.builder(persistentStores, config.maxRequestBytes()), PROCESSOR);
        topology.addSink(SynthesisProcessor.OUTPUT, config.outputTopic(), new StringSerializer(),
                serializer(new AvroSerializer<SynthesizedFrame>(SynthesizedFrame.getClassSchema(), registry, false)), PROCESSOR);
        topology.addSink(SynthesisProcessor.REJECTED, config.rejectedTopic(), new StringSerializer(),
                serializer(new AvroSerializer<FrameRejected>(FrameRejected.getClassSchema(), registry, false)), PROCESSOR);
        return topology;
    }

    /**
     * As many model threads as stream threads: pipelined, the model runs no more often at once than it did on the
     * stream threads themselves (each stream thread has at most one frame in flight per task, and waits for it before
     * it starts the task's next). Daemon threads; the caller shuts the pool down with the service.
     */
    public static ExecutorService modelThreads(int streamThreads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(streamThreads, r -> {
            Thread t = new Thread(r, "vidsynth-model-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** {@link #modelThreads} whose idle threads end, for a topology nobody closes (a test's, a tool's). */
    private static Executor idleEndingModelThreads(int streamThreads) {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) modelThreads(streamThreads);
        pool.setKeepAliveTime(30, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static FrameDecoder decoder(ServiceConfig c, Synthesizer s, SchemaRegistry registry) {
        return new FrameDecoder(new AvroDeserializer<SemanticFrame>(SemanticFrame.getClassSchema(), registry), s.labels(),
                s.width(), s.height(), c.maxFrameWidth(), c.maxFrameHeight(), c.maxRecordBytes());
    }

    /** The processor forwards both record types as Object; each sink knows its own. */
    @SuppressWarnings("unchecked")
    private static <T> Serializer<Object> serializer(Serializer<T> typed) {
        return (topic, value) -> typed.serialize(topic, (T) value);
    }
}
