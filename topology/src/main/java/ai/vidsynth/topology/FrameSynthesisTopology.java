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
import ai.vidsynth.topology.state.VideoStores;
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
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), config.inputTopic());
        topology.addProcessor(PROCESSOR, () -> new SynthesisProcessor(decoder(config, synthesizer, registry),
                new SequenceRules(config.maxFrameGap()), new InputPartitioning(inputPartitions), synthesizer,
                config.idleTimeout(), config.punctuateInterval(), config.latencyBudget(), metrics, config.frameEncoding()), SOURCE);
        VideoStores.builders(persistentStores, config.maxRecordBytes()).forEach(b -> topology.addStateStore(b, PROCESSOR));
        topology.addSink(SynthesisProcessor.OUTPUT, config.outputTopic(), new StringSerializer(),
                serializer(new AvroSerializer<SynthesizedFrame>(SynthesizedFrame.getClassSchema(), registry, false)), PROCESSOR);
        topology.addSink(SynthesisProcessor.REJECTED, config.rejectedTopic(), new StringSerializer(),
                serializer(new AvroSerializer<FrameRejected>(FrameRejected.getClassSchema(), registry, false)), PROCESSOR);
        return topology;
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
