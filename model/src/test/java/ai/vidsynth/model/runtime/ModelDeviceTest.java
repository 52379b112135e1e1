package ai.vidsynth.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelDeviceTest {

    static boolean noCuda() {
        return Engine.getEngine("PyTorch").getGpuCount() == 0;
    }

    @Test
    void gpuWithoutACudaEngineFailsAtLoadNamingTheWayOut() {
        assumeTrue(noCuda(), "this machine has a CUDA device");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Synthesizers.open(Path.of("../models/pix2pixhd-global-256x128"), ModelDevice.GPU));
        assertTrue(e.getMessage().contains("model.device=gpu"), e.getMessage());
        assertTrue(e.getMessage().contains("no CUDA device"), e.getMessage());
        assertTrue(e.getMessage().contains("model.device=cpu"), e.getMessage());
    }

    @Test
    void autoAndCpuRunOnTheCpuHereAndSaySo() throws Exception {
        assumeTrue(noCuda(), "this machine has a CUDA device");
        assertEquals(Device.cpu(), ModelDevice.AUTO.resolve());
        try (Synthesizer s = Synthesizers.open(Path.of("../models/pix2pixhd-global-256x128"), ModelDevice.CPU)) {
            assertEquals("cpu()", s.device());
        }
    }

    @Test
    void intraOpThreadsAreSetForTheProcessAndReported() throws Exception {
        int before = Synthesizers.intraOpThreads();
        try (Synthesizer s = Synthesizers.open(Path.of("../models/pix2pixhd-global-256x128"), ModelDevice.CPU, 1)) {
            assertEquals(1, Synthesizers.intraOpThreads());
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(before);
        }
        assertEquals(before, Synthesizers.intraOpThreads());
    }

    @Test
    void unknownChoiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDevice.parse("tpu"));
        assertTrue(e.getMessage().contains("cpu, gpu or auto"));
        assertEquals(ModelDevice.GPU, ModelDevice.parse(" GPU "));
    }
}
