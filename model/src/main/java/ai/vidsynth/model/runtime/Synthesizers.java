package ai.vidsynth.model.runtime;

import ai.djl.Device;
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
        Device device = choice.resolve();
        Synthesizer s = ModelCard.KIND_VID2VID.equals(ModelCard.read(modelDir).kind())
                ? SequentialSynthesizer.load(modelDir, device) : SingleImageSynthesizer.load(modelDir, device);
        LOG.info("model {} on {} (model.device={}, intra-op threads {})", s.modelId(), device, choice.key(),
                System.getProperty("ai.djl.pytorch.num_threads", "engine default"));
        return s;
    }
}
