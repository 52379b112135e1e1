package ai.vidsynth.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.runtime.Pix2PixHDRuntime;
import ai.vidsynth.model.runtime.Vid2VidRuntime;
import ai.vidsynth.model.train.CityscapesMini;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code flow-check} on the shipped default vid2vid and a recorded sequence: an inspected step is the stream's step
 * (the same frame), a flow given in place of the model's is the one the frame is warped with, and the report's
 * per-class numbers add up to its totals.
 */
class FlowCheckTest {

    static final Path MODEL = Path.of(System.getProperty("models.dir", "../models")).resolve("vid2vid-256x128");

    @Test
    void inspectsTheStreamsStepAndSwapsTheFlow() throws Exception {
        Path folder = CityscapesMini.defaultRoot().resolve("sequences/seq0004");
        Assumptions.assumeTrue(Files.isDirectory(folder), "shared Cityscapes data not present");
        try (Vid2VidRuntime v = Vid2VidRuntime.load(MODEL);
                Pix2PixHDRuntime first = Pix2PixHDRuntime.load(MODEL.resolve(v.card().firstFrameModel()).normalize())) {
            List<LabelFrame> labels = new ArrayList<>();
            List<RgbImage> real = new ArrayList<>();
            for (CityscapesMini.FrameFiles f : CityscapesMini.frames(folder).subList(0, 4)) {
                labels.add(LabelPngs.read(f.labels(), f.instances()).resizedNearest(v.card().width(), v.card().height()));
                real.add(RgbImage.read(f.image()).resized(v.card().width(), v.card().height()));
            }
            Vid2VidRuntime.Step step = new Vid2VidRuntime.Step(real.subList(0, 2), labels.subList(0, 2), labels.get(2));
            Vid2VidRuntime.Inspection own = v.inspect(step, null);
            assertEquals(v.step(step.pastOutputs(), step.pastLabels(), step.labels()), own.image(), "the stream's frame");
            assertEquals(own.image(), v.inspect(step, own.flow()).image(), "the model's own flow given back: the same frame");
            float[][] still = {new float[own.flow()[0].length], new float[own.flow()[1].length]};
            assertNotEquals(own.image(), v.inspect(step, still).image(), "another flow warps the previous frame otherwise");
            for (float m : own.mask()) {
                assertTrue(m >= 0 && m <= 1, "mask " + m);
            }

            FlowCheck.Report r = FlowCheck.run(first, v, labels, real);
            assertEquals(4, r.frames());
            assertEquals(1.0, r.all().pixelShare(), 1e-12);
            double share = 0;
            double error = 0;
            double mask = 0;
            for (FlowCheck.ClassStats s : r.byClass().values()) {
                share += s.pixelShare();
                error += s.pixelShare() * s.flowError();
                mask += s.pixelShare() * s.mask();
            }
            assertEquals(1.0, share, 1e-9);
            assertEquals(r.all().flowError(), error, 1e-6);
            assertEquals(r.all().mask(), mask, 1e-6);
            assertTrue(r.all().flowError() > 0 && r.all().cameraFlow() > 0, r.toTable());
            assertTrue(r.toTable().contains("with the camera frames' flow"), r.toTable());
            // the shipped default runs with the label maps' flow: the stream's sequence is the label-flow one
            assertEquals(ai.vidsynth.model.vid2vid.Vid2VidConfig.FlowSource.LABELS, v.card().vid2vid().flow());
            assertEquals(r.asItRuns(), r.withLabelFlow(), r.toTable());
        }
    }
}
