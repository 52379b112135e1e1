package ai.vidsynth.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.runtime.ModelCard;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.model.train.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped segmenter and the quality measure built on it: real frames are recognized, and the measure
 * tells real frames from corrupted, misplaced or frozen ones, each in the score meant to catch it.
 */
class ShippedSegmenterTest {

    static final Path MODEL = Path.of(System.getProperty("models.dir", "../models")).resolve("segmenter-256x128");
    static final int FRAMES = 6;

    static List<LabelFrame> labels = new ArrayList<>();
    static List<RgbImage> real = new ArrayList<>();

    @BeforeAll
    static void load() {
        Path seq = CityscapesMini.defaultRoot().resolve("sequences/seq0004");
        Assumptions.assumeTrue(Files.isDirectory(seq), "shared Cityscapes data not present");
        for (TrainingExample ex : CityscapesMini.load(CityscapesMini.frames(seq).subList(0, FRAMES), 256, 128)) {
            labels.add(ex.labels());
            real.add(ex.image());
        }
    }

    @Test
    void theCardSaysWhatItIsAndHowWellItDidOnHeldOutFrames() throws Exception {
        ModelCard card = ModelCard.read(MODEL, ModelCard.KIND_SEGMENTER);
        assertNotNull(card.segmenter());
        Double heldOut = card.evaluation().get("heldOutMeanIou");
        assertNotNull(heldOut, "the card reports the held-out mean IoU");
        assertTrue(heldOut > 0.15 && heldOut < 1, "held-out mean IoU " + heldOut);
    }

    @Test
    void realFramesScoreAsRealAndTheRatioOfRealToItselfIsOne() throws Exception {
        try (Segmenter s = Segmenter.load(MODEL)) {
            QualityReport r = new QualityEvaluation(s).evaluate("seq0004", "real", labels, real, real);
            assertTrue(r.generated().meanIou() > 0.25, "mean IoU on real frames " + r.generated().meanIou());
            assertTrue(r.generated().pixelAccuracy() > 0.8, "pixel accuracy on real frames " + r.generated().pixelAccuracy());
            assertEquals(1.0, r.meanIouRatio(), 1e-12);
            assertEquals(r.generated(), r.real());
            assertTrue(r.generated().classIou().get("road") > 0.8, "road IoU " + r.generated().classIou().get("road"));
        }
    }

    @Test
    void corruptedMisplacedAndFrozenFramesAreCaught() throws Exception {
        try (Segmenter s = Segmenter.load(MODEL)) {
            QualityEvaluation eval = new QualityEvaluation(s);
            double realIou = eval.evaluate("seq0004", "real", labels, real, real).generated().meanIou();

            List<RgbImage> noisy = new ArrayList<>();
            Random r = new Random(3);
            for (RgbImage f : real) {
                byte[] rgb = f.rgb().clone();
                for (int i = 0; i < rgb.length; i++) {
                    rgb[i] = (byte) Math.max(0, Math.min(255, (rgb[i] & 0xff) + (int) (r.nextGaussian() * 80)));
                }
                noisy.add(new RgbImage(f.width(), f.height(), rgb));
            }
            QualityReport noise = eval.evaluate("seq0004", "noise", labels, noisy, real);
            assertTrue(noise.meanIouRatio() < 0.8, "heavy noise lowers segmentation consistency: ratio " + noise.meanIouRatio());
            assertTrue(noise.generated().labelStableDifference() > 3 * noise.real().labelStableDifference(), "and stability");

            List<RgbImage> flipped = new ArrayList<>();
            real.forEach(f -> flipped.add(f.flippedHorizontally()));
            QualityReport misplaced = eval.evaluate("seq0004", "mirrored", labels, flipped, real);
            assertTrue(misplaced.generated().meanIou() < 0.8 * realIou, "frames that do not follow their labels: "
                    + misplaced.generated().meanIou() + " vs " + realIou);

            List<RgbImage> frozen = Collections.nCopies(FRAMES, real.get(0));
            QualityReport still = eval.evaluate("seq0004", "frozen", labels, frozen, real);
            assertEquals(0.0, still.generated().labelStableDifference(), "a frozen video is perfectly 'stable' ...");
            assertTrue(still.generated().flowWarpedDifference() > still.real().flowWarpedDifference(),
                    "... but does not follow the real motion");
        }
    }
}
