package ai.vidsynth.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.vidsynth.model.nn.WeightFiles;
import ai.vidsynth.model.runtime.ModelCard;
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
        try (NDManager root = NDManager.newBaseManager()) {
            SequentialGenerator g = new SequentialGenerator(s.config());
            g.initialize(root, DataType.FLOAT32, new Shape(1, g.labelChannels(), s.height(), s.width()),
                    new Shape(1, g.imageChannels(), s.height(), s.width()));
            ckpt.loadBlock("G", g, root);
            WeightFiles.save(g, out.resolve("generator.fp16"));
        }
        ModelCard card = new ModelCard(id, ModelCard.KIND_VID2VID, version, s.width(), s.height(), null, s.config(), null, firstFrameModel,
                Map.of("generator", "generator.fp16"), null,
                new ModelCard.Training(List.of("cityscapes-mini sequences " + String.join(", ", s.sequences())),
                        s.sequences().size() * 30,
                        stages,
                        distilled(s) ? "none; distilled: L1 to the teacher's frames, flow supervised by OpenCV Farneback flow of"
                                + " the teacher's frames, plus a self-supervised warp loss"
                                : "none (no VGG19 weights offline); flow supervised by OpenCV Farneback flow of the real frames,"
                                + " plus a self-supervised warp loss",
                        "CPU, 2 cores"),
                null,
                "Each frame after a sequence's first is conditioned on the previous " + (s.config().tG() - 1)
                        + " generated frames; the foreground (labels " + s.config().foregroundLabels()
                        + ") comes from a second RGB output of the image head. "
                        + (s.initializedFrom() == null ? "Trained from scratch."
                                : continued ? "Generator initialized from " + s.initializedFrom() + " and trained on from there."
                                : "Image path (label encoder, residual blocks, image head) initialized from "
                                        + s.initializedFrom() + "'s global generator, flow head from zero.")
                        + (note == null ? "" : " " + note));
        card.write(out);
        return card;
    }

    /** A run on a teacher's videos ({@link Vid2VidDistillation}) names the teacher in its sequences. */
    private static boolean distilled(Vid2VidTrainer.State s) {
        return s.sequences().stream().anyMatch(n -> n.contains("(teacher "));
    }
}
