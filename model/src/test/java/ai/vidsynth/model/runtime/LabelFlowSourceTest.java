package ai.vidsynth.model.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.flow.LabelFlow;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.nn.Warp;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.model.vid2vid.Vid2VidConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vid2vid model whose card says {@code "flow" : "LABELS"} warps the previous frame by the label maps' own motion:
 * the shipped default's weights under such a card give, frame for frame, what the same weights running their flow
 * head give when handed that flow, alone and batched with another video; older cards read as the flow head's.
 */
class LabelFlowSourceTest {

    static final Path MODEL = Path.of(System.getProperty("models.dir", "../models")).resolve("vid2vid-256x128");

    /** The shipped default's folder again under {@code dir}, its card running the given flow source and warp. */
    static Path runningWith(Path dir, Vid2VidConfig.FlowSource flow, Warp.Interpolation warp) throws Exception {
        Files.createDirectories(dir);
        ModelCard c = ModelCard.read(MODEL);
        ModelCard changed = new ModelCard(c.id(), c.kind(), c.version(), c.width(), c.height(), c.pix2pixhd(), c.vid2vid().running(warp, flow),
                c.segmenter(), MODEL.resolve(c.firstFrameModel()).normalize().toAbsolutePath().toString(), c.weights(), c.styleClusters(),
                c.training(), c.evaluation(), c.notes(), c.coarseModel());
        Files.copy(MODEL.resolve(c.weights().get("generator")), dir.resolve(c.weights().get("generator")));
        changed.write(dir);
        return dir;
    }

    @Test
    void theLabelMapsFlowCarriesThePreviousFrame(@TempDir Path dir) throws Exception {
        Path folder = CityscapesMini.defaultRoot().resolve("sequences/seq0004");
        Assumptions.assumeTrue(Files.isDirectory(folder), "shared Cityscapes data not present");
        Path labelsModel = runningWith(dir.resolve("labels"), Vid2VidConfig.FlowSource.LABELS, Warp.Interpolation.BICUBIC);
        Path ownModel = runningWith(dir.resolve("own"), Vid2VidConfig.FlowSource.GENERATOR, Warp.Interpolation.BICUBIC);
        assertEquals(Vid2VidConfig.FlowSource.LABELS, ModelCard.read(labelsModel).vid2vid().flow());
        try (Vid2VidRuntime own = Vid2VidRuntime.load(ownModel); Vid2VidRuntime labels = Vid2VidRuntime.load(labelsModel)) {
            List<LabelFrame> frames = new ArrayList<>();
            List<RgbImage> real = new ArrayList<>();
            for (CityscapesMini.FrameFiles f : CityscapesMini.frames(folder).subList(0, 5)) {
                frames.add(LabelPngs.read(f.labels(), f.instances()).resizedNearest(own.card().width(), own.card().height()));
                real.add(RgbImage.read(f.image()).resized(own.card().width(), own.card().height()));
            }
            Vid2VidRuntime.Step a = new Vid2VidRuntime.Step(real.subList(0, 2), frames.subList(0, 2), frames.get(2));
            Vid2VidRuntime.Step b = new Vid2VidRuntime.Step(real.subList(2, 4), frames.subList(2, 4), frames.get(4));
            float[][] flowA = LabelFlow.backward(frames.get(1), frames.get(2), own.card().vid2vid().labels());
            float[][] flowB = LabelFlow.backward(frames.get(3), frames.get(4), own.card().vid2vid().labels());

            Vid2VidRuntime.Inspection inspected = labels.inspect(a, null);
            assertArrayEquals(flowA[0], inspected.flow()[0], 1e-4f, "the flow it warped with: the label maps' (u)");
            assertArrayEquals(flowA[1], inspected.flow()[1], 1e-4f, "(v)");
            RgbImage expectedA = own.inspect(a, flowA).image();
            assertEquals(expectedA, labels.step(a.pastOutputs(), a.pastLabels(), a.labels()), "the generator handed the label maps' flow");
            assertNotEquals(own.step(a.pastOutputs(), a.pastLabels(), a.labels()), expectedA, "the generator's own flow gives another frame");

            List<RgbImage> batched = labels.stepAll(List.of(a, b));
            assertTrue(largestDifference(expectedA, batched.get(0)) <= 1, "first video of a batch");
            assertTrue(largestDifference(own.inspect(b, flowB).image(), batched.get(1)) <= 1, "second video: its own labels' flow");
        }
    }

    /** Cards written before the field existed run the flow head, as they did. */
    @Test
    void aCardWithoutAFlowSourceRunsTheFlowHead(@TempDir Path dir) throws Exception {
        Path model = runningWith(dir, Vid2VidConfig.FlowSource.LABELS, Warp.Interpolation.BICUBIC);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode card = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                model.resolve(ModelCard.FILE_NAME).toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) card.get("vid2vid")).remove("flow");
        json.writeValue(model.resolve(ModelCard.FILE_NAME).toFile(), card);
        assertEquals(Vid2VidConfig.FlowSource.GENERATOR, ModelCard.read(model).vid2vid().flow());
    }

    private static int largestDifference(RgbImage x, RgbImage y) {
        int worst = 0;
        for (int i = 0; i < x.rgb().length; i++) {
            worst = Math.max(worst, Math.abs((x.rgb()[i] & 0xff) - (y.rgb()[i] & 0xff)));
        }
        return worst;
    }
}
