package ai.vidsynth.topology.processor;

import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.schemas.serde.AvroDeserializer;
import ai.vidsynth.schemas.serde.AvroSerializer;
import ai.vidsynth.topology.FrameSynthesisTopology;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.config.StreamsProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The service's topology on Kafka's TopologyTestDriver with the state-probe model and its own in-memory registry
 * scope: the input topic and the two output topics, typed.
 */
final class TopologyHarness implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> input;
    final TestOutputTopic<String, SynthesizedFrame> output;
    final TestOutputTopic<String, FrameRejected> rejected;
    final AvroSerializer<SemanticFrame> frames;

    /**
     * Not pipelined unless the settings say so: each frame is done within its {@code process()} call, so a test reads
     * its output right after piping it in.
     *
     * @param settings        on top of the defaults
     * @param inputPartitions the input topic's partitions (the driver reads every record from partition 0)
     */
    TopologyHarness(Map<Setting, String> settings, int inputPartitions) {
        this(settings, inputPartitions, null);
    }

    /** @param modelThreads where a pipelined processor runs the model (e.g. {@code Runnable::run}); null = not pipelined */
    TopologyHarness(Map<Setting, String> settings, int inputPartitions, Executor modelThreads) {
        String scope = "topology-test-" + System.nanoTime();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
        Map<Setting, String> all = new HashMap<>(settings);
        all.put(Setting.SCHEMA_REGISTRY_URL, "mock://" + scope);
        all.put(Setting.PIPELINE, String.valueOf(modelThreads != null));
        ServiceConfig config = ServiceConfig.defaults().with(all);
        driver = new TopologyTestDriver(FrameSynthesisTopology.buildTopology(config, new StateProbeSynthesizer(), registry, false,
                inputPartitions, FrameMetrics.NONE, modelThreads), StreamsProperties.of(config));
        frames = new AvroSerializer<>(SemanticFrame.getClassSchema(), registry, false);
        input = driver.createInputTopic(config.inputTopic(), new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(config.outputTopic(), new StringDeserializer(),
                new AvroDeserializer<SynthesizedFrame>(SynthesizedFrame.getClassSchema(), registry));
        rejected = driver.createOutputTopic(config.rejectedTopic(), new StringDeserializer(),
                new AvroDeserializer<FrameRejected>(FrameRejected.getClassSchema(), registry));
    }

    @Override
    public void close() {
        driver.close();
    }
}
