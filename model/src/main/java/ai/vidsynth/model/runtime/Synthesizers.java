package ai.vidsynth.model.runtime;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the synthesizer a model folder's card describes. */
public final class Synthesizers {

    private static final Logger LOG = LoggerFactory.getLogger(Synthesizers.class);

    private Synthesizers() {}

    /** A vid2vid folder gives the sequential synthesizer (pix2pixHD first frames), a pix2pixHD folder the single-image one. */
    public static Synthesizer open(Path modelDir) throws IOException {
        return open(modelDir, ModelDevice.AUTO);
    }

    /** As {@link #open(Path)}, on the device asked for; says which device that is. */
    public static Synthesizer open(Path modelDir, ModelDevice choice) throws IOException {
        return open(modelDir, choice, 0);
    }

    /**
     * As {@link #open(Path, ModelDevice)}, with {@code intraOpThreads} CPU threads per op (0 = the engine's default,
     * one per core). PyTorch keeps one such pool for the whole process, so this sets it for every model in it. Why
     * fewer than the cores: in the service on two cores, the model's second thread and the service's own threads
     * (Kafka clients, the embedded broker, RocksDB, encoding) take turns on one core, and a parallel op waits for its
     * slowest thread (measured in the README's *Real time*).
     */
    public static Synthesizer open(Path modelDir, ModelDevice choice, int intraOpThreads) throws IOException {
        Device device = choice.resolve();
        if (intraOpThreads > 0) {
            JniUtils.setNumThreads(intraOpThreads);
        }
        Synthesizer s = ModelCard.KIND_VID2VID.equals(ModelCard.read(modelDir).kind())
                ? SequentialSynthesizer.load(modelDir, device) : SingleImageSynthesizer.load(modelDir, device);
        LOG.info("model {} on {} (model.device={}, intra-op threads {})", s.modelId(), device, choice.key(), intraOpThreads());
        return s;
    }

    /** The engine's intra-op threads now. */
    public static int intraOpThreads() {
        return JniUtils.getNumThreads();
    }
}
