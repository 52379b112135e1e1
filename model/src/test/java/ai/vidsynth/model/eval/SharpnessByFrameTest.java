package ai.vidsynth.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blur that accumulates frame after frame shows in the per-frame series and its plot. */
class SharpnessByFrameTest {

    /** A checkerboard, then each frame a 3x3 box blur of the one before: what repeated bilinear warping does. */
    static List<RgbImage> blurring(int n) {
        int w = 64;
        int h = 32;
        List<RgbImage> out = new ArrayList<>();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                byte v = (byte) (((x / 4 + y / 4) & 1) == 0 ? 30 : 220);
                rgb[3 * (y * w + x)] = v;
                rgb[3 * (y * w + x) + 1] = v;
                rgb[3 * (y * w + x) + 2] = v;
            }
        }
        for (int k = 0; k < n; k++) {
            out.add(new RgbImage(w, h, rgb.clone()));
            byte[] next = new byte[rgb.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        int sum = 0;
                        int cnt = 0;
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int yy = Math.max(0, Math.min(h - 1, y + dy));
                                int xx = Math.max(0, Math.min(w - 1, x + dx));
                                sum += rgb[3 * (yy * w + xx) + c] & 0xff;
                                cnt++;
                            }
                        }
                        next[3 * (y * w + x) + c] = (byte) (sum / cnt);
                    }
                }
            }
            rgb = next;
        }
        return out;
    }

    @Test
    void theSeriesFallsAsBlurAccumulatesAndItsMeanIsTheSharpness() {
        List<RgbImage> frames = blurring(6);
        double[] s = TemporalMetrics.sharpnessByFrame(frames);
        assertEquals(6, s.length);
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i] < s[i - 1], "frame " + i + " is blurrier: " + java.util.Arrays.toString(s));
        }
        double mean = java.util.Arrays.stream(s).average().orElseThrow();
        assertEquals(mean, TemporalMetrics.sharpness(frames), 1e-9);
    }

    /** Scores whose sharpness falls frame by frame. */
    static QualityReport.Scores blurringScores() {
        List<Double> fall = new ArrayList<>();
        for (double v : TemporalMetrics.sharpnessByFrame(blurring(5))) {
            fall.add(v);
        }
        return new QualityReport.Scores(0.5, 0.8, 3, null, fall.get(0), Map.of(), fall);
    }

    @Test
    void thePlotIsAPng(@TempDir Path dir) throws Exception {
        QualityReport.Scores gen = blurringScores();
        Path png = dir.resolve("plot.png");
        SharpnessPlot.write(List.of(new QualityReport("seq", "model m:1", 5, "seg:1", gen, null, null)), "test", png);
        var image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(460, image.getHeight());
    }

    /** eval over several folders: the same model once per sequence, and each sequence's camera frames. */
    @Test
    void severalSequencesOfOneModelArePlottedApart(@TempDir Path dir) throws Exception {
        QualityReport.Scores gen = blurringScores();
        Path png = dir.resolve("plot.png");
        SharpnessPlot.write(List.of(new QualityReport("d/seq0000", "model m:1", 5, "seg:1", gen, gen, null),
                new QualityReport("d/seq0000", "model n:1", 5, "seg:1", gen, gen, null),
                new QualityReport("d/seq0001", "model m:1", 5, "seg:1", gen, gen, null)), "test", png);
        assertEquals(900, ImageIO.read(png.toFile()).getWidth());
    }
}
