package ai.vidsynth.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.vidsynth.model.vid2vid.Vid2VidConfig;
import ai.vidsynth.model.nn.Warp;
import ai.vidsynth.model.nn.WeightFiles;
import ai.vidsynth.model.runtime.ModelCard;
import ai.vidsynth.model.vid2vid.CoarseToFineGenerator;
import ai.vidsynth.model.vid2vid.FrameGenerator;
import ai.vidsynth.model.vid2vid.SequentialGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes a trained vid2vid generator as fp16 weights with its model card, naming its first-frame model. */
public final class Vid2VidExport {

    private Vid2VidExport() {}

    public static ModelCard export(Path run, Path out, String id, String firstFrameModel, String note) throws IOException {
        return export(run, out, id, 1, firstFrameModel, note);
    }

    /**
     * As above, with the card's version. A run that went on from a vid2vid model ({@code --init-from}) exported into
     * that model's own folder keeps the earlier training stages on the new card, so the card tells the whole history.
     */
    public static ModelCard export(Path run, Path out, String id, int version, String firstFrameModel, String note) throws IOException {
        return export(run, out, id, version, firstFrameModel, "../vid2vid-256x128", note);
    }

    /**
     * As above; a coarse-to-fine run writes only its finer scale ({@code local.fp16}) and names its coarse scale's model,
     * {@code coarseModel} (a folder relative to {@code out}), which must hold exactly the weights the run's coarse scale
     * has (a run that trained its coarse scale too cannot be exported this way, and is refused).
     */
    public static ModelCard export(Path run, Path out, String id, int version, String firstFrameModel, String coarseModel, String note)
            throws IOException {
        return export(run, out, id, version, firstFrameModel, coarseModel, null, null, note);
    }

    /**
     * As above, the model to run with another warp and flow source than it trained with (null: the run's): the card
     * says how the runtime composes frames, the weights are the run's.
     */
    public static ModelCard export(Path run, Path out, String id, int version, String firstFrameModel, String coarseModel,
            Warp.Interpolation warp, Vid2VidConfig.FlowSource flow, String note) throws IOException {
        Checkpoints ckpt = new Checkpoints(run);
        Vid2VidTrainer.State s = ckpt.loadState(Vid2VidTrainer.State.class);
        // ids of vid2vid models start with "vid2vid", pix2pixHD's with "pix2pixhd": the state keeps only the id
        boolean continued = s.initializedFrom() != null && s.initializedFrom().startsWith("vid2vid");
        List<ModelCard.Stage> stages = new ArrayList<>();
        if (continued && Files.exists(out.resolve(ModelCard.FILE_NAME))) {
            ModelCard before = ModelCard.read(out);
            if (before.fullId().equals(s.initializedFrom()) && before.training() != null) {
                stages.addAll(before.training().stages());
            }
        }
        stages.add(new ModelCard.Stage(continued ? "vid2vid, continued from " + s.initializedFrom() : "vid2vid", s.width(), s.height(),
                s.step(), Math.round(s.wallSeconds()), s.losses()));
        Files.createDirectories(out);
        boolean coarseToFine = s.config().local() != null;
        ModelCard.CoarseModel coarse = null;
        try (NDManager root = NDManager.newBaseManager()) {
            FrameGenerator g = FrameGenerator.of(s.config());
            g.initialize(root, DataType.FLOAT32, g.inputShapes(1, s.width(), s.height()));
            ckpt.loadBlock("G", g, root);
            if (coarseToFine) {
                coarse = sameCoarseScale(((CoarseToFineGenerator) g).coarseScale(), out.resolve(coarseModel).normalize(), coarseModel, root);
                WeightFiles.save(((CoarseToFineGenerator) g).localScale(), out.resolve("local.fp16"));
            } else {
                WeightFiles.save(g, out.resolve("generator.fp16"));
            }
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(e);
        }
        Vid2VidConfig running = s.config().running(warp != null ? warp : s.config().warp(), flow != null ? flow : s.config().flow());
        ModelCard card = new ModelCard(id, ModelCard.KIND_VID2VID, version, s.width(), s.height(), null, running, null, firstFrameModel,
                Map.of(coarseToFine ? "local" : "generator", coarseToFine ? "local.fp16" : "generator.fp16"), null,
                new ModelCard.Training(List.of("cityscapes-mini sequences " + String.join(", ", s.sequences())),
                        s.sequences().size() * 30,
                        stages,
                        distilled(s) ? "none; distilled: L1 to the teacher's frames, flow supervised by OpenCV Farneback flow of"
                                + " the teacher's frames, plus a self-supervised warp loss"
                                : "none (no VGG19 weights offline); flow supervised by OpenCV Farneback flow of the real frames,"
                                + " plus a self-supervised warp loss",
                        "CPU, 2 cores"),
                null,
                ("Each frame after a sequence's first is conditioned on the previous " + (s.config().tG() - 1)
                        + " generated frames; the foreground (labels " + s.config().foregroundLabels()
                        + ") comes from a second RGB output of the image head. "
                        + (s.initializedFrom() == null ? "Trained from scratch."
                                : continued ? "Generator initialized from " + s.initializedFrom() + " and trained on from there."
                                : coarseToFine ? ""
                                : "Image path (label encoder, residual blocks, image head) initialized from "
                                        + s.initializedFrom() + "'s global generator, flow head from zero.")
                        + (coarseToFine ? " Coarse to fine: the coarse scale is " + coarse.id() + " (loaded from " + coarseModel
                                + ") at half resolution; the finer scale (local.fp16) paints the hallucinated and foreground frames"
                                + " on its features; flow and occlusion mask are the coarse scale's, upsampled bilinearly."
                                + (s.initializedFrom() != null && s.initializedFrom().startsWith("pix2pixhd")
                                        ? " The finer scale started from " + s.initializedFrom() + "'s local enhancer." : "") : "")
                        + (running.flow() == Vid2VidConfig.FlowSource.LABELS
                                ? " When it runs, the previous frame is carried by the label maps' own motion (LabelFlow), not the flow head's." : "")
                        + (running.warp() != s.config().warp() ? " It trained warping " + s.config().warp().name().toLowerCase(java.util.Locale.ROOT)
                                + " and runs warping " + running.warp().name().toLowerCase(java.util.Locale.ROOT) + "." : "")
                        + (note == null ? "" : " " + note)).replace("  ", " "),
                coarse);
        card.write(out);
        return card;
    }

    /** The coarse model's reference if its weights are exactly the run's coarse scale; refuses otherwise. */
    private static ModelCard.CoarseModel sameCoarseScale(SequentialGenerator trained, Path dir, String folder, NDManager root)
            throws IOException, ai.djl.MalformedModelException {
        ModelCard card = ModelCard.read(dir, ModelCard.KIND_VID2VID);
        FrameGenerator shipped = ai.vidsynth.model.runtime.Vid2VidRuntime.loadGenerator(dir, card, root);
        var a = trained.getParameters();
        var b = shipped.getParameters();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).getValue().getArray().contentEquals(b.get(i).getValue().getArray())) {
                throw new IOException("the run's coarse scale differs from " + card.fullId() + " in " + dir + " (parameter " + a.get(i).getKey()
                        + "): a run that trained its coarse scale needs it shipped as a model of its own first");
            }
        }
        return new ModelCard.CoarseModel(folder, card.fullId());
    }

    /** A run on a teacher's videos ({@link Vid2VidDistillation}) names the teacher in its sequences. */
    private static boolean distilled(Vid2VidTrainer.State s) {
        return s.sequences().stream().anyMatch(n -> n.contains("(teacher "));
    }
}
