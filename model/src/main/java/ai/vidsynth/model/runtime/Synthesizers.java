package ai.vidsynth.model.runtime;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the synthesizer a model folder's card describes. */
public final class Synthesizers {

    private Synthesizers() {}

    /** A vid2vid folder gives the sequential synthesizer (pix2pixHD first frames), a pix2pixHD folder the single-image one. */
    public static Synthesizer open(Path modelDir) throws IOException {
        return ModelCard.KIND_VID2VID.equals(ModelCard.read(modelDir).kind())
                ? SequentialSynthesizer.load(modelDir) : SingleImageSynthesizer.load(modelDir);
    }
}
