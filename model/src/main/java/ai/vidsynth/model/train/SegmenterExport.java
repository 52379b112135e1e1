package ai.vidsynth.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.vidsynth.model.eval.SegmentationNet;
import ai.vidsynth.model.nn.WeightFiles;
import ai.vidsynth.model.runtime.ModelCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained segmenter as fp16 weights with its model card. The card's evaluation names where each
 * number comes from: the shipped weights are trained on everything, so their held-out accuracy is the one
 * measured by a run that held a sequence out ({@code heldOutRun}), which the card says.
 */
public final class SegmenterExport {

    private SegmenterExport() {}

    public static ModelCard export(Path run, Path out, String id, Path heldOutRun) throws IOException {
        Checkpoints ckpt = new Checkpoints(run);
        SegmenterTrainer.State s = ckpt.loadState(SegmenterTrainer.State.class);
        Files.createDirectories(out);
        try (NDManager root = NDManager.newBaseManager()) {
            SegmentationNet net = s.config().newNet();
            net.initialize(root, DataType.FLOAT32, new Shape(1, 3, s.height(), s.width()));
            ckpt.loadBlock("S", net, root);
            WeightFiles.save(net, out.resolve("segmenter.fp16"));
        }
        Map<String, Double> evaluation = new LinkedHashMap<>();
        String heldOutNote = "";
        SegmenterTrainer.State measured = heldOutRun == null ? s : new Checkpoints(heldOutRun).loadState(SegmenterTrainer.State.class);
        if (measured.heldOutScores() != null && !measured.heldOutScores().isEmpty()) {
            evaluation.putAll(measured.heldOutScores());
            heldOutNote = " Held-out scores: real frames of " + measured.heldOut() + ", from a run of the same sizes and steps"
                    + (measured == s ? "." : " that left them out of training (" + measured.step() + " steps on "
                            + measured.trainedOn() + "); the shipped weights were then trained on all data, so they have seen them.");
        }
        ModelCard card = new ModelCard(id, ModelCard.KIND_SEGMENTER, 1, s.width(), s.height(), null, null, s.config(), null,
                Map.of("segmenter", "segmenter.fp16"), null,
                new ModelCard.Training(s.trainedOn(), s.trainingFrames(),
                        List.of(new ModelCard.Stage("segmenter", s.width(), s.height(), s.step(), Math.round(s.wallSeconds()), s.losses())),
                        "none", "CPU, 2 cores"),
                evaluation,
                "U-Net on real camera frames for the 19 Cityscapes training classes (label ids mapped to trainIds; the rest"
                        + " ignored), cross-entropy, random horizontal flips. Used by `eval` to measure segmentation consistency"
                        + " of synthesized frames; trained on Aachen streets only, so its absolute accuracy is modest." + heldOutNote);
        card.write(out);
        return card;
    }
}
