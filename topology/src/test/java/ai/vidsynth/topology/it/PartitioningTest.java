package ai.vidsynth.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.RejectionReason;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.InMemorySchemaRegistry;
import ai.vidsynth.schemas.serde.AvroSerializer;
import ai.vidsynth.topology.KafkaTestClients;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.SynthesisService;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.broker.EmbeddedKafkaBroker;
import ai.vidsynth.topology.config.KafkaClients;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.processor.InputPartitioning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A video whose frames arrive on two partitions, as when a librdkafka producer (CRC32) and a Java one (murmur2)
 * feed the same video: the frames on the key's own partition are synthesized, each frame on the other is
 * refused WRONG_PARTITION, and none is synthesized from another task's state.
 */
class PartitioningTest {

    @Test
    void framesOfOneVideoOnAnotherPartitionAreRefusedAndTheVideoGoesOn(@TempDir Path state) throws Exception {
        String scope = "partitioning-" + System.nanoTime();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            ServiceConfig config = KafkaTestClients.serviceConfig(broker.bootstrapServers(), scope, "partitioning", state, 2);
            try (SynthesisService service = SynthesisService.start(config, new StateProbeSynthesizer())) {
                assertTrue(service.awaitRunning(Duration.ofSeconds(60)), "service reached RUNNING");
                int home = new InputPartitioning(2).expected("v");
                int away = 1 - home;
                AvroSerializer<SemanticFrame> ser = new AvroSerializer<>(SemanticFrame.getClassSchema(), registry, false);
                try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(new KafkaClients(config).producer(), new StringSerializer(),
                        new ByteArraySerializer())) {
                    int[] partitions = {home, home, away, home, away};
                    for (int i = 0; i < partitions.length; i++) {
                        p.send(new ProducerRecord<>(config.inputTopic(), partitions[i], "v",
                                ser.serialize(config.inputTopic(), TestFrames.frame("v", i, 16, 8, 7)))).get();
                    }
                }
                List<ConsumerRecord<String, SynthesizedFrame>> out = KafkaTestClients.consume(broker.bootstrapServers(),
                        config.outputTopic(), KafkaTestClients.synthesized(registry), l -> l.size() >= 3, Duration.ofSeconds(60));
                List<ConsumerRecord<String, FrameRejected>> rejected = KafkaTestClients.consume(broker.bootstrapServers(),
                        config.rejectedTopic(), KafkaTestClients.rejectedFrames(registry), l -> l.size() >= 2, Duration.ofSeconds(30));
                assertEquals(List.of(0L, 1L, 3L), out.stream().map(r -> r.value().getFrameIndex()).toList());
                assertFalse(out.get(1).value().getRestarted());
                assertEquals(List.of(2L, 4L), rejected.stream().map(r -> r.value().getFrameIndex()).toList());
                for (ConsumerRecord<String, FrameRejected> r : rejected) {
                    assertEquals(RejectionReason.WRONG_PARTITION, r.value().getReason());
                    assertEquals(away, r.value().getSource().getPartition());
                }
            }
        }
    }
}
