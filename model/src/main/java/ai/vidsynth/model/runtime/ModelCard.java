package ai.vidsynth.model.runtime;

import ai.vidsynth.model.pix2pixhd.Pix2PixHDConfig;
import ai.vidsynth.model.eval.SegmenterConfig;
import ai.vidsynth.model.vid2vid.Vid2VidConfig;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a shipped model is, saved as {@code model-card.json} beside its weights: architecture, label set,
 * resolution, weight files, style clusters, and how it was trained. The runtime builds the network from
 * the card alone, so no size is hard-coded anywhere else. A vid2vid card names the pix2pixHD model that makes
 * each sequence's first frame ({@code firstFrameModel}, a folder relative to the card's); a coarse-to-fine vid2vid card
 * names the one-scale model that is its coarse scale ({@code coarseModel}). {@code evaluation}
 * holds measured scores (the segmenter's held-out mean IoU, for example), each named by what it measures.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
        String id,
        String kind,
        int version,
        int width,
        int height,
        Pix2PixHDConfig pix2pixhd,
        Vid2VidConfig vid2vid,
        SegmenterConfig segmenter,
        String firstFrameModel,
        Map<String, String> weights,
        Map<Integer, float[][]> styleClusters,
        Training training,
        Map<String, Double> evaluation,
        String notes,
        CoarseModel coarseModel) {

    /**
     * The one-scale vid2vid model whose generator is a coarse-to-fine model's coarse scale: its folder relative to the
     * card's, and the id and version it must have (its weights are loaded from there rather than shipped twice, and a
     * newer version there would silently change this model's frames, so loading checks the id).
     */
    public record CoarseModel(String folder, String id) {}

    /** A model without a coarse scale of its own. */
    public ModelCard(String id, String kind, int version, int width, int height, Pix2PixHDConfig pix2pixhd, Vid2VidConfig vid2vid,
            SegmenterConfig segmenter, String firstFrameModel, Map<String, String> weights, Map<Integer, float[][]> styleClusters,
            Training training, Map<String, Double> evaluation, String notes) {
        this(id, kind, version, width, height, pix2pixhd, vid2vid, segmenter, firstFrameModel, weights, styleClusters, training, evaluation,
                notes, null);
    }

    public static final String FILE_NAME = "model-card.json";
    public static final String KIND_PIX2PIXHD = "pix2pixhd";
    public static final String KIND_VID2VID = "vid2vid";
    public static final String KIND_SEGMENTER = "segmenter";

    /** One training stage as it ran. */
    public record Stage(String name, int width, int height, long steps, double wallSeconds, Map<String, Double> finalLosses) {}

    /** How the weights were made. */
    public record Training(List<String> data, int examples, List<Stage> stages, String perceptualLoss, String hardware) {

        /** Whether the data named a cityscapes-mini sequence of this name ({@code sequences/<name>}). */
        public boolean includesSequence(String name) {
            return data != null && data.contains("sequences/" + name);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static ModelCard read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE_NAME).toFile(), ModelCard.class);
    }

    /** The card of a model folder that must hold a model of {@code kind} (pix2pixhd, vid2vid). */
    public static ModelCard read(Path dir, String kind) throws IOException {
        ModelCard card = read(dir);
        if (!kind.equals(card.kind())) {
            throw new IOException(dir + " holds a " + card.kind() + " model, not " + kind);
        }
        return card;
    }

    public void write(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE_NAME).toFile(), this);
    }

    /** Model id and version as published on every synthesized frame. */
    public String fullId() {
        return id + ":" + version;
    }
}
