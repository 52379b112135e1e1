package ai.vidsynth.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.train.CityscapesMini;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several videos' frames in one forward pass against each alone, on the shipped default model and real labels:
 * a mixed batch (first frames and later ones) gives each video the frame and the next state it gets alone, to
 * within one 8-bit level where the batched convolutions round differently.
 */
class BatchedSynthesisTest {

    @Test
    void aBatchGivesEachVideoItsOwnFrame() throws Exception {
        Path root = CityscapesMini.defaultRoot().resolve("sequences");
        assumeTrue(Files.isDirectory(root.resolve("stuttgart_00")), "no shared data");
        List<List<LabelFrame>> videos = new ArrayList<>();
        for (String seq : List.of("stuttgart_00", "seq0001", "seq0003")) {
            List<LabelFrame> frames = new ArrayList<>();
            for (CityscapesMini.FrameFiles f : CityscapesMini.frames(root.resolve(seq)).subList(0, 3)) {
                frames.add(LabelPngs.read(f.labels(), f.instances()).resizedNearest(256, 128));
            }
            videos.add(frames);
        }
        try (Synthesizer s = Synthesizers.open(Path.of("../models/vid2vid-256x128"), ModelDevice.CPU)) {
            // video 0 at its third frame, video 1 at its second, video 2 at its first: both generators in one call
            List<Synthesizer.Step> steps = new ArrayList<>();
            for (int v = 0; v < 3; v++) {
                VideoState state = VideoState.EMPTY;
                for (int i = 0; i < 2 - v; i++) {
                    state = s.next(state, videos.get(v).get(i), StyleClusters.Choice.DEFAULT).next();
                }
                steps.add(new Synthesizer.Step(state, videos.get(v).get(2 - v), StyleClusters.Choice.DEFAULT));
            }
            List<Synthesizer.Synthesis> batched = s.nextAll(steps);
            assertEquals(3, batched.size());
            int worst = 0;
            long differing = 0;
            for (int v = 0; v < 3; v++) {
                Synthesizer.Step st = steps.get(v);
                Synthesizer.Synthesis alone = s.next(st.previous(), st.frame(), st.style());
                assertEquals(alone.generator(), batched.get(v).generator(), "video " + v);
                assertEquals(alone.next().size(), batched.get(v).next().size());
                byte[] a = alone.image().rgb();
                byte[] b = batched.get(v).image().rgb();
                for (int i = 0; i < a.length; i++) {
                    int d = Math.abs((a[i] & 0xff) - (b[i] & 0xff));
                    worst = Math.max(worst, d);
                    differing += d > 0 ? 1 : 0;
                }
            }
            assertTrue(worst <= 1, "largest difference " + worst + " levels");
            System.out.printf("batched vs alone: %d of %d values differ, by at most %d level%n", differing, 3L * 256 * 128 * 3, worst);
        }
    }
}
