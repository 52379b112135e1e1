package ai.vidsynth.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.vid2vid.Vid2VidConfig;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The motion augmentation's views of a sequence: strided and mirrored, with the flows that go with them. */
class TrainingSequenceTest {

    private static final int W = 64;
    private static final int H = 32;

    /** A textured frame whose content moved {@code shift} pixels to the right. */
    private static TrainingExample frame(int shift) {
        Random r = new Random(5);
        int[] texture = new int[W * 4];
        for (int i = 0; i < texture.length; i++) {
            texture[i] = r.nextInt(256);
        }
        byte[] rgb = new byte[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                // smooth along x (period 16 px) times a per-column-block texture: Farneback needs gradients
                int v = (int) (127 + 60 * Math.sin(2 * Math.PI * (x - shift) / 16.0) + 60 * Math.cos(2 * Math.PI * y / 11.0));
                for (int c = 0; c < 3; c++) {
                    rgb[3 * (y * W + x) + c] = (byte) Math.max(0, Math.min(255, v + (texture[Math.floorMod(x - shift, W * 4)] >> 4)));
                }
            }
        }
        return new TrainingExample("f" + shift, new LabelFrame(W, H, new byte[W * H], null), new RgbImage(W, H, rgb));
    }

    private static TrainingSequence moving(int frames, int maxSkip) {
        List<TrainingExample> list = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            list.add(frame(t));
        }
        return new TrainingSequence("moving", list, maxSkip);
    }

    /** Mean horizontal flow over the frame's middle (away from the borders, where Farneback has no neighbours). */
    private static double meanU(float[][] flow) {
        double sum = 0;
        int n = 0;
        for (int y = 8; y < H - 8; y++) {
            for (int x = 16; x < W - 16; x++) {
                sum += flow[0][y * W + x];
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void aStridedViewTakesEverySthFrameAndTheFlowsOverSTimesTheSkip() {
        TrainingSequence seq = moving(9, 4);
        TrainingSequence view = seq.every(2, 1);

        assertEquals(4, view.size());
        assertEquals(2, view.maxSkip());
        for (int t = 0; t < view.size(); t++) {
            assertSame(seq.frame(1 + 2 * t), view.frame(t));
        }
        assertSame(seq.flowBack(2, 3), view.flowBack(1, 1));
        assertSame(seq.flowBack(4, 7), view.flowBack(2, 3));
        assertThrows(IllegalArgumentException.class, () -> view.flowBack(1, 0));
        // the content moves 1 px a frame to the right: the backward flow points 1 px left, the view's 2 px
        assertEquals(-1.0, meanU(seq.flowBack(1, 4)), 0.3);
        assertEquals(-2.0, meanU(view.flowBack(1, 2)), 0.5);
        assertEquals(seq.size(), seq.every(1, 0).size());
        assertThrows(IllegalArgumentException.class, () -> seq.every(2, 2));
    }

    @Test
    void theMirroredSequenceMovesTheOtherWay() {
        TrainingSequence seq = moving(4, 1);
        TrainingSequence mirrored = seq.mirrored();

        assertEquals("moving-mirrored", mirrored.name());
        assertEquals(seq.frame(2).image().flippedHorizontally(), mirrored.frame(2).image());
        assertEquals(1.0, meanU(mirrored.flowBack(1, 2)), 0.3);
    }

    @Test
    void windowsAreDrawnAtEveryStrideUpToTheLargest() {
        // 30 frames and windows of 2 + 3 frames: strides 1 to 7 fit (29 / 7 + 1 = 5), 8 does not
        TrainingSequence seq = moving(30, 16);
        Vid2VidTrainer.Options strided = Vid2VidTrainer.Options.builder(Vid2VidConfig.cityscapesDefault(), W, H).maxStride(8).build();
        Vid2VidTrainer trainer = new Vid2VidTrainer(strided, List.of(seq), new PrintStream(OutputStream.nullOutputStream()));
        int[] byStride = new int[9];
        for (int step = 0; step < 400; step++) {
            TrainingSequence view = trainer.window(seq, TrainingLoop.stepRandom(11, step));
            int stride = view.size() == 30 ? 1 : Integer.parseInt(view.name().substring(view.name().indexOf('/') + 1));
            byStride[stride]++;
            assertTrue(view.size() >= trainer.windowLength(), view.name() + " holds " + view.size() + " frames");
        }
        for (int s = 1; s <= 6; s++) {
            assertTrue(byStride[s] > 20, "stride " + s + " drawn " + byStride[s] + " times");
        }
        assertEquals(0, byStride[8], "stride 8 does not hold a window");

        Vid2VidTrainer plain = new Vid2VidTrainer(Vid2VidTrainer.Options.builder(Vid2VidConfig.cityscapesDefault(), W, H).build(),
                List.of(seq), new PrintStream(OutputStream.nullOutputStream()));
        Random r = TrainingLoop.stepRandom(11, 3);
        assertSame(seq, plain.window(seq, r));
        assertEquals(TrainingLoop.stepRandom(11, 3).nextInt(), r.nextInt(), "without striding no draw is taken");
    }
}
