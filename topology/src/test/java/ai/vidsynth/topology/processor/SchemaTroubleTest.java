package ai.vidsynth.topology.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.RejectionReason;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.CompatibilityLevel;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.schemas.registry.RegisteredSchema;
import ai.vidsynth.schemas.registry.RegistryException;
import ai.vidsynth.schemas.registry.SchemaRegistry;
import ai.vidsynth.schemas.serde.AvroDeserializer;
import ai.vidsynth.schemas.serde.AvroSerializer;
import ai.vidsynth.schemas.serde.RegistryUnreachableException;
import ai.vidsynth.schemas.serde.WireFormat;
import ai.vidsynth.topology.FrameSynthesisTopology;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.config.StreamsProperties;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schema trouble in the processor: records that can never decode (unknown magic byte, unknown schema id,
 * a writer schema that is not a SemanticFrame) are rejected as SCHEMA_ERROR with a message saying which;
 * an unreachable registry is not the record's fault, so the record is not rejected but held and retried
 * (and, past the hold, the task fails so Kafka Streams reads the record again).
 */
class SchemaTroubleTest {

    /** The in-process registry, with a switch that makes it answer as an unreachable one. */
    static final class SwitchableRegistry implements SchemaRegistry {
        final InMemorySchemaRegistry inner;
        volatile boolean down;

        SwitchableRegistry(InMemorySchemaRegistry inner) {
            this.inner = inner;
        }

        private void check() {
            if (down) {
                throw new RegistryException.UnavailableException("schema registry at http://registry:8081 unreachable (test)", null);
            }
        }

        @Override public int register(String s, Schema schema) { check(); return inner.register(s, schema); }
        @Override public int idOf(String s, Schema schema) { check(); return inner.idOf(s, schema); }
        @Override public Schema byId(int id) { check(); return inner.byId(id); }
        @Override public RegisteredSchema latest(String s) { check(); return inner.latest(s); }
        @Override public boolean isCompatible(String s, Schema schema) { check(); return inner.isCompatible(s, schema); }
        @Override public void setCompatibility(String s, CompatibilityLevel level) { check(); inner.setCompatibility(s, level); }
    }

    static final long REGISTRY_HOLD_MS = 3_000;

    TopologyTestDriver driver;
    SwitchableRegistry registry;
    TestInputTopic<String, byte[]> input;
    TestOutputTopic<String, SynthesizedFrame> output;
    TestOutputTopic<String, FrameRejected> rejected;

    @BeforeEach
    void start() {
        String scope = "schema-trouble-" + System.nanoTime();
        registry = new SwitchableRegistry(InMemorySchemaRegistry.scope(scope));
        ServiceConfig config = ServiceConfig.defaults().with(Map.of(Setting.SCHEMA_REGISTRY_URL, "mock://" + scope,
                Setting.MAX_FRAME_WIDTH, "64", Setting.MAX_FRAME_HEIGHT, "32", Setting.PIPELINE, "false"));
        Properties props = StreamsProperties.of(config);
        // how long the processor holds a frame through a registry outage; short, so giving up shows quickly
        props.put(StreamsConfig.TASK_TIMEOUT_MS_CONFIG, REGISTRY_HOLD_MS);
        driver = new TopologyTestDriver(FrameSynthesisTopology.buildTopology(config, new StateProbeSynthesizer(), registry, false, 1), props);
        input = driver.createInputTopic(config.inputTopic(), new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(config.outputTopic(), new StringDeserializer(),
                new AvroDeserializer<SynthesizedFrame>(SynthesizedFrame.getClassSchema(), registry.inner));
        rejected = driver.createOutputTopic(config.rejectedTopic(), new StringDeserializer(),
                new AvroDeserializer<FrameRejected>(FrameRejected.getClassSchema(), registry.inner));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    byte[] frameBytes(long index) {
        return new AvroSerializer<SemanticFrame>(SemanticFrame.getClassSchema(), registry.inner, false)
                .serialize("semantic-frames", TestFrames.frame("v", index, StateProbeSynthesizer.SIZE_W, StateProbeSynthesizer.SIZE_H, 7));
    }

    FrameRejected onlyRejection() {
        FrameRejected r = rejected.readValue();
        assertTrue(rejected.isEmpty() && output.isEmpty());
        return r;
    }

    @Test
    void unknownMagicByteIsASchemaErrorThatSaysSo() {
        byte[] bytes = frameBytes(0);
        bytes[0] = 3;
        input.pipeInput("v", bytes);
        FrameRejected r = onlyRejection();
        assertEquals(RejectionReason.SCHEMA_ERROR, r.getReason());
        assertTrue(r.getMessage().contains("unknown magic byte 3"), r.getMessage());
    }

    @Test
    void unknownSchemaIdIsASchemaErrorThatSaysSo() {
        input.pipeInput("v", WireFormat.frame(31_337, new byte[] {2, 'v'}));
        FrameRejected r = onlyRejection();
        assertEquals(RejectionReason.SCHEMA_ERROR, r.getReason());
        assertTrue(r.getMessage().contains("unknown schema id 31337"), r.getMessage());
    }

    @Test
    void aWriterSchemaThatIsNotASemanticFrameIsASchemaError() {
        int id = registry.inner.register("elsewhere-value", SynthesizedFrame.getClassSchema());
        input.pipeInput("v", WireFormat.frame(id, new byte[] {2, 'v'}));
        FrameRejected r = onlyRejection();
        assertEquals(RejectionReason.SCHEMA_ERROR, r.getReason());
        assertTrue(r.getMessage().contains("cannot be read as ai.vidsynth.schemas.SemanticFrame"), r.getMessage());
    }

    @Test
    void anUnreachableRegistryRejectsNothingAndTheRecordSucceedsOnRetry() {
        byte[] bytes = frameBytes(0);
        registry.down = true;
        RuntimeException failure = assertThrows(RuntimeException.class, () -> input.pipeInput("v", bytes));
        assertTrue(causes(failure, RegistryUnreachableException.class), "the task fails with the registry outage: " + failure);
        assertTrue(rejected.isEmpty(), "a good frame is not rejected for the registry's outage");
        assertTrue(output.isEmpty());
        registry.down = false;
        input.pipeInput("v", bytes); // what Kafka Streams does after the aborted transaction: the same record again
        assertEquals(0L, output.readValue().getFrameIndex());
        assertTrue(rejected.isEmpty());
    }

    @Test
    void aFrameIsHeldWhileTheRegistryIsDownAndProcessedOnceItAnswers() {
        byte[] bytes = frameBytes(0);
        registry.down = true;
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> registry.down = false);
        long started = System.nanoTime();
        input.pipeInput("v", bytes);
        long heldMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(heldMs >= 1_000 && heldMs < REGISTRY_HOLD_MS, "held until the registry answered, not failed at once: " + heldMs + " ms");
        assertEquals(0L, output.readValue().getFrameIndex());
        assertTrue(output.isEmpty() && rejected.isEmpty());
    }

    private static boolean causes(Throwable t, Class<?> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
