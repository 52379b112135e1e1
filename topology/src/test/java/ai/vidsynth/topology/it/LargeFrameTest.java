package ai.vidsynth.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.schemas.serde.AvroSerializer;
import ai.vidsynth.topology.KafkaTestClients;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.io.LabelPngWriter;
import ai.vidsynth.model.labels.LabelFrame;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2048x1024 frames, the largest the service accepts, pass end to end through a real broker: multi-megabyte
 * input records (random labels and 16-bit instances barely compress), multi-megabyte output images and
 * state-store changelog records, all above Kafka's 1 MB defaults.
 */
class LargeFrameTest {

    static SemanticFrame bigFrame(long index) {
        int w = 2048;
        int h = 1024;
        Random r = new Random(index);
        byte[] labels = new byte[w * h];
        int[] inst = new int[w * h];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) r.nextInt(34);
            inst[i] = r.nextInt(65536);
        }
        LabelFrame f = new LabelFrame(w, h, labels, inst);
        return SemanticFrame.newBuilder().setVideoId("big").setFrameIndex(index).setTimestamp(Instant.ofEpochMilli(index))
                .setWidth(w).setHeight(h).setLabels(ByteBuffer.wrap(LabelPngWriter.labels(f)))
                .setInstances(ByteBuffer.wrap(LabelPngWriter.instances(f))).build();
    }

    @Test
    void fullSizeFramesPassEndToEnd(@TempDir Path state) throws Exception {
        String scope = "large-" + System.nanoTime();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
        List<SemanticFrame> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(bigFrame(i));
        }
        int recordBytes = new AvroSerializer<SemanticFrame>(SemanticFrame.getClassSchema(), registry, false)
                .serialize("semantic-frames", frames.get(0)).length;
        assertTrue(recordBytes > 4 * 1024 * 1024, "input record is " + recordBytes + " bytes");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            ServiceConfig config = KafkaTestClients.serviceConfig(broker.bootstrapServers(), scope, "large", state, 1);
            try (SynthesisService service = SynthesisService.start(config, new StateProbeSynthesizer(2048, 1024, true))) {
                assertTrue(service.awaitRunning(Duration.ofSeconds(60)));
                KafkaTestClients.produce(broker.bootstrapServers(), config.inputTopic(), registry, frames, List.of());
                List<ConsumerRecord<String, SynthesizedFrame>> out = KafkaTestClients.consume(broker.bootstrapServers(),
                        config.outputTopic(), KafkaTestClients.synthesized(registry), l -> l.size() >= 3, Duration.ofSeconds(120));
                assertEquals(3, out.size());
                for (int i = 0; i < 3; i++) {
                    SynthesizedFrame f = out.get(i).value();
                    assertTrue(f.getImage().remaining() > 4 * 1024 * 1024, "output image is " + f.getImage().remaining() + " bytes");
                    byte[] png = new byte[f.getImage().remaining()];
                    f.getImage().duplicate().get(png);
                    RgbImage image = RgbImage.decode(png);
                    assertEquals(2048, image.width());
                    assertEquals(i, image.rgb()[0], "past frames restored from the large state records");
                }
            }
        }
    }
}
