package ai.vidsynth.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.registry.ApicurioRegistryServer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A registry that is down when the first record is written, and comes up within the retry budget, costs no record. */
class RegistryComesUpLateTest {

    @Test
    void aRecordWrittenWhileTheRegistryStartsIsWrittenOnceItIsUp() throws Exception {
        // built before the clock starts: on a fresh machine the build alone outlasts the serializer's retries
        ApicurioRegistryServer.ensureBuilt();
        int port = ApicurioRegistryServer.freePort();
        AvroSerializer<SemanticFrame> ser = new AvroSerializer<>(SemanticFrame.getClassSchema());
        // budget: 40 retries of at most 2 s, far more than the server's start-up
        ser.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, ApicurioRegistryServer.url(port),
                "max.retries", "40", "retries.wait.ms", "250", "retries.max.wait.ms", "2000", "http.connect.timeout.ms", "1000"), false);
        CompletableFuture<byte[]> written = CompletableFuture.supplyAsync(() -> ser.serialize("late", ApicurioWireFormatTest.frame()));
        Thread.sleep(1500);
        assertEquals(false, written.isDone(), "nothing listens yet: the serializer is waiting, not failing");
        Process server = ApicurioRegistryServer.start(port);
        try {
            byte[] bytes = written.get(120, TimeUnit.SECONDS);
            AvroDeserializer<SemanticFrame> de = new AvroDeserializer<>(SemanticFrame.getClassSchema());
            de.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, ApicurioRegistryServer.url(port)), false);
            assertEquals(ApicurioWireFormatTest.frame(), de.deserialize("late", bytes));
        } finally {
            ApicurioRegistryServer.stop(server);
        }
    }
}
