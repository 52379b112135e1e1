package ai.vidsynth.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.ApicurioRegistryServer;
import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.topology.KafkaTestClients;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on a real broker with a real Confluent-API registry (Apicurio 2.4.2), checked from outside in
 * both directions with nothing but the registry's REST API and Avro ({@link RestOnlyAvro}): what the service
 * writes, a foreign consumer can read; what a foreign producer writes, the service processes.
 */
class RealRegistryEndToEndTest {

    @RegisterExtension
    static final ApicurioRegistryServer REGISTRY = new ApicurioRegistryServer();

    static final int FRAMES = 4;

    @TempDir
    static Path stateDir;
    static EmbeddedKafkaBroker broker;
    static ServiceConfig config;
    static SynthesisService service;
    static RestOnlyAvro rest;

    @BeforeAll
    static void startBrokerAndService() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        config = ServiceConfig.defaults().with(Map.of(
                Setting.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                Setting.SCHEMA_REGISTRY_URL, REGISTRY.url(),
                Setting.APPLICATION_ID, "real-registry",
                Setting.STATE_DIR, stateDir.toString(),
                Setting.TOPIC_PARTITIONS, "1"));
        service = SynthesisService.start(config, new StateProbeSynthesizer());
        assertTrue(service.awaitRunning(Duration.ofSeconds(60)));
        rest = new RestOnlyAvro(REGISTRY.url());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static List<SemanticFrame> frames(String video) {
        List<SemanticFrame> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            frames.add(TestFrames.frame(video, i, StateProbeSynthesizer.SIZE_W, StateProbeSynthesizer.SIZE_H, 7 + (i % 3)));
        }
        return frames;
    }

    /** The video's synthesized frames as the broker holds them: raw bytes, no project serde. */
    static List<byte[]> outputsOf(String video) {
        List<ConsumerRecord<String, byte[]>> all = KafkaTestClients.consume(broker.bootstrapServers(), config.outputTopic(),
                new ByteArrayDeserializer(), l -> l.stream().filter(r -> video.equals(r.key())).count() >= FRAMES, Duration.ofSeconds(60));
        return all.stream().filter(r -> video.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    /** Each output, read with only REST + Avro, is the frame the model makes for the input at that index. */
    static void assertSynthesizedFrom(List<SemanticFrame> inputs, List<byte[]> outputs) throws Exception {
        assertEquals(inputs.size(), outputs.size(), "one output per input");
        List<RgbImage> expected = ExactlyOnceRestartTest.offline(new StateProbeSynthesizer(), inputs);
        for (int i = 0; i < outputs.size(); i++) {
            GenericRecord r = rest.read(outputs.get(i));
            assertEquals(inputs.get(i).getVideoId(), r.get("videoId").toString());
            assertEquals((long) i, r.get("frameIndex"));
            assertEquals("state-probe:1", r.get("modelId").toString());
            assertEquals("PNG", r.get("imageFormat").toString());
            assertEquals(expected.get(i), RgbImage.decode(TestFrames.bytes((ByteBuffer) r.get("image"))), "image of frame " + i);
        }
    }

    @Test
    void serviceOutputDecodesWithOnlyTheRestApiAndAvro() throws Exception {
        List<SemanticFrame> inputs = frames("served");
        KafkaTestClients.produce(broker.bootstrapServers(), config.inputTopic(), SchemaRegistries.forUrl(REGISTRY.url()), inputs, List.of());

        List<byte[]> outputs = outputsOf("served");

        int registered = rest.latestId(config.outputTopic() + "-value");
        for (byte[] out : outputs) {
            assertEquals(0, out[0], "magic byte");
            assertEquals(registered, ByteBuffer.wrap(out, 1, 4).getInt(), "the id registered under the topic's subject");
        }
        assertEquals(SynthesizedFrame.getClassSchema(), rest.schema(registered), "the service registered the output's own schema");
        assertSynthesizedFrom(inputs, outputs);
    }

    @Test
    void framesWrittenWithOnlyTheRestApiAndAvroAreProcessed() throws Exception {
        List<SemanticFrame> inputs = frames("foreign");
        // a newer producer's schema (one more optional field), so the service must fetch a schema it has never seen
        Schema writer = RestOnlyAvro.semanticFrameWithNote();
        int id = rest.register(config.inputTopic() + "-value", writer);
        List<byte[]> values = new ArrayList<>();
        for (SemanticFrame f : inputs) {
            GenericRecord r = RestOnlyAvro.asGeneric(writer, f);
            r.put("note", "written by Avro's GenericDatumWriter");
            values.add(RestOnlyAvro.write(id, writer, r));
        }
        KafkaTestClients.produceRaw(broker.bootstrapServers(), config.inputTopic(), "foreign", values);

        assertSynthesizedFrom(inputs, outputsOf("foreign"));
        assertFalse(KafkaTestClients.readAll(broker.bootstrapServers(), config.rejectedTopic()).stream()
                .anyMatch(r -> "foreign".equals(r.key())), "no foreign frame rejected");
    }
}
