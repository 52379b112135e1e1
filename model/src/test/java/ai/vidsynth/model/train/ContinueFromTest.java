package ai.vidsynth.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.vidsynth.model.runtime.ModelCard;
import ai.vidsynth.model.vid2vid.SequentialGenerator;
import ai.vidsynth.model.vid2vid.Vid2VidConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Going on from a shipped vid2vid model (`distill-vid2vid --init-from`, `train-vid2vid --init-from`). */
class ContinueFromTest {

    static final Path REALTIME = Path.of(System.getProperty("models.dir", "../models")).resolve("vid2vid-realtime-256x128");

    static SequentialGenerator fresh(Vid2VidConfig c, NDManager m) {
        SequentialGenerator g = new SequentialGenerator(c);
        g.initialize(m, DataType.FLOAT32, new Shape(1, g.labelChannels(), 128, 256), new Shape(1, g.imageChannels(), 128, 256));
        return g;
    }

    @Test
    void everyParameterOfTheGeneratorComesFromTheShippedWeights() throws Exception {
        ModelCard card = ModelCard.read(REALTIME);
        try (NDManager m = NDManager.newBaseManager();
                InputStream in = Files.newInputStream(REALTIME.resolve(card.weights().get("generator")))) {
            SequentialGenerator g = fresh(card.vid2vid(), m);
            String id = Vid2VidTrainer.continueFrom(g, card.vid2vid(), REALTIME, m);
            assertEquals(card.fullId(), id);
            NDList shipped = NDList.decode(m, in);
            List<Pair<String, Parameter>> params = new java.util.ArrayList<>();
            g.getParameters().forEach(params::add);
            assertEquals(shipped.size(), params.size());
            for (int i = 0; i < params.size(); i++) {
                assertArrayEquals(shipped.get(i).toType(DataType.FLOAT32, false).toFloatArray(),
                        params.get(i).getValue().getArray().toFloatArray(), params.get(i).getKey());
            }
        }
    }

    @Test
    void aModelOfAnotherConfigurationIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            Vid2VidConfig rt = Vid2VidConfig.realTime();
            Vid2VidConfig wider = new Vid2VidConfig(rt.labelSet(), rt.tG(), rt.ngf() * 2, rt.nDownsample(), rt.nBlocks(),
                    rt.nFlowBlocks(), rt.foregroundLabels(), rt.flowScale(), rt.ndf(), rt.nLayersD(), rt.numD(),
                    rt.temporalFrames(), rt.temporalScales(), rt.labelEmbedding());
            SequentialGenerator g = fresh(wider, m);
            assertThrows(IllegalArgumentException.class, () -> Vid2VidTrainer.continueFrom(g, wider, REALTIME, m));
        }
    }
}
