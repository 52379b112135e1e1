package ai.vidsynth.model.vid2vid;

import ai.vidsynth.model.labels.LabelSet;
import com.fasterxml.jackson.annotation.JsonInclude;
import ai.vidsynth.model.nn.Warp;
import java.util.List;

/**
 * vid2vid's sizes, named as in the paper and NVIDIA's code, saved in the model card and checkpoints.
 *
 * @param labelSet          label set name; each label frame is its one-hot map + boundary map
 * @param tG                frames the generator sees: tG label frames and tG - 1 past generated frames
 * @param ngf               filters of the encoders' first layers
 * @param nDownsample       stride-2 downsamplings of each encoder (and upsamplings of each head)
 * @param nBlocks           residual blocks of the image branch
 * @param nFlowBlocks       residual blocks of the flow branch
 * @param foregroundLabels  label ids composited from the foreground head (empty = no fg/bg split)
 * @param flowScale         the flow head's tanh-free output is multiplied by this (pixels)
 * @param ndf               discriminator filters
 * @param nLayersD          layers per PatchGAN
 * @param numD              spatial scales of each discriminator
 * @param temporalFrames    K consecutive frames the temporal discriminator judges
 * @param temporalScales    frame skips 1, 2, ... , 2^(temporalScales-1) the temporal discriminator looks at
 * @param labelEmbedding    0: each label frame's one-hot + boundary map goes straight into the label encoder's 7x7
 *                          convolution (the paper's); n > 0: each frame is first embedded in n channels by a shared
 *                          1x1 convolution (the real-time model's cheaper label path: the 7x7 convolution over three
 *                          one-hot frames is half of the full model's FLOPs)
 * @param warp              how the previous output frame is sampled between pixels when it is warped (absent in
 *                          older cards and checkpoints: bilinear, the paper's)
 * @param local             null: one scale; else the coarse-to-fine generator ({@link CoarseToFineGenerator}): a
 *                          finer scale at twice the resolution around the generator these sizes describe
 * @param flow              where the flow that carries the previous output frame comes from at inference (absent in
 *                          older cards: the generator's flow head, the paper's)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Vid2VidConfig(String labelSet, int tG, int ngf, int nDownsample, int nBlocks, int nFlowBlocks, List<Integer> foregroundLabels,
        float flowScale, int ndf, int nLayersD, int numD, int temporalFrames, int temporalScales, int labelEmbedding,
        Warp.Interpolation warp, Local local, FlowSource flow) {

    /** Where the flow that warps the previous output frame comes from when the model runs. */
    public enum FlowSource {
        /** The generator's flow head, trained against the camera frames' flow (the paper's). */
        GENERATOR,
        /**
         * The label maps' own motion: dense optical flow between the previous and the current label frame
         * ({@link ai.vidsynth.model.flow.LabelFlow}). Trained on four recorded sequences, the flow head learnt their
         * motions, not motion (on an unseen sequence its flow is 1.3-1.7 px long where the camera frames' is 4.2,
         * 3.8-4.4 px off); the label maps a stream sends move with the scene wherever they have edges.
         */
        LABELS
    }

    /**
     * The finer scale of a coarse-to-fine generator, sized as pix2pixHD's local enhancer (and warm-started from one):
     * {@code ngf} filters at full resolution, one downsampling to {@code 2 * ngf} (the coarse scale's top features),
     * {@code nBlocks} residual blocks, one upsampling.
     */
    public record Local(int ngf, int nBlocks) {
        public Local {
            if (ngf <= 0 || nBlocks < 0) {
                throw new IllegalArgumentException("invalid local scale: " + ngf + " filters, " + nBlocks + " blocks");
            }
        }
    }

    public Vid2VidConfig {
        int semantic = LabelSet.byName(labelSet).size() + 1;
        if (labelEmbedding >= semantic) {
            // an embedding no narrower than the one-hot map saves nothing, and LabelEmbedding tells an embedded
            // window from a one-hot one by its channel count
            throw new IllegalArgumentException("a label embedding of " + labelEmbedding + " channels is not narrower than the "
                    + semantic + " semantic channels");
        }
        warp = warp == null ? Warp.Interpolation.BILINEAR : warp;
        flow = flow == null ? FlowSource.GENERATOR : flow;
        foregroundLabels = List.copyOf(foregroundLabels);
        if (local != null && local.ngf() * 2 != ngf) {
            throw new IllegalArgumentException("the local scale's " + local.ngf() + " filters must be half the coarse scale's " + ngf);
        }
        if (tG < 2 || ngf <= 0 || nDownsample < 1 || nBlocks < 0 || nFlowBlocks < 0 || temporalFrames < 2 || temporalScales < 1
                || labelEmbedding < 0) {
            throw new IllegalArgumentException("invalid vid2vid sizes: " + this);
        }
    }

    /** One scale. */
    public Vid2VidConfig(String labelSet, int tG, int ngf, int nDownsample, int nBlocks, int nFlowBlocks, List<Integer> foregroundLabels,
            float flowScale, int ndf, int nLayersD, int numD, int temporalFrames, int temporalScales, int labelEmbedding,
            Warp.Interpolation warp) {
        this(labelSet, tG, ngf, nDownsample, nBlocks, nFlowBlocks, foregroundLabels, flowScale, ndf, nLayersD, numD, temporalFrames,
                temporalScales, labelEmbedding, warp, null, FlowSource.GENERATOR);
    }

    /** These sizes with a finer scale around them (null: without). */
    public Vid2VidConfig withLocal(Local l) {
        return new Vid2VidConfig(labelSet, tG, ngf, nDownsample, nBlocks, nFlowBlocks, foregroundLabels, flowScale, ndf, nLayersD, numD,
                temporalFrames, temporalScales, labelEmbedding, warp, l, flow);
    }

    /** Whether weights of these sizes fit {@code other}: the same sizes, however each runs (warp, flow source). */
    public boolean sameSizes(Vid2VidConfig other) {
        return other != null && running(other.warp(), other.flow()).equals(other);
    }

    /** These sizes run with another warp and flow source (the weights are the same). */
    public Vid2VidConfig running(Warp.Interpolation w, FlowSource f) {
        return new Vid2VidConfig(labelSet, tG, ngf, nDownsample, nBlocks, nFlowBlocks, foregroundLabels, flowScale, ndf, nLayersD, numD,
                temporalFrames, temporalScales, labelEmbedding, w, local, f);
    }

    /** Bilinear warping, the paper's. */
    public Vid2VidConfig(String labelSet, int tG, int ngf, int nDownsample, int nBlocks, int nFlowBlocks, List<Integer> foregroundLabels,
            float flowScale, int ndf, int nLayersD, int numD, int temporalFrames, int temporalScales, int labelEmbedding) {
        this(labelSet, tG, ngf, nDownsample, nBlocks, nFlowBlocks, foregroundLabels, flowScale, ndf, nLayersD, numD, temporalFrames,
                temporalScales, labelEmbedding, Warp.Interpolation.BILINEAR);
    }

    /** The paper's label path: one-hot frames straight into the 7x7 convolution. */
    public Vid2VidConfig(String labelSet, int tG, int ngf, int nDownsample, int nBlocks, int nFlowBlocks, List<Integer> foregroundLabels,
            float flowScale, int ndf, int nLayersD, int numD, int temporalFrames, int temporalScales) {
        this(labelSet, tG, ngf, nDownsample, nBlocks, nFlowBlocks, foregroundLabels, flowScale, ndf, nLayersD, numD, temporalFrames,
                temporalScales, 0);
    }

    /**
     * The real-time model's sizes, in the spirit of Fast-Vid2Vid: half the filters, three image and one flow residual
     * blocks, and each label frame embedded in 8 channels before the 7x7 convolution: 4.1 GFLOP a frame at 256x128
     * against the full model's 23.5.
     */
    public static Vid2VidConfig realTime() {
        return new Vid2VidConfig(LabelSet.CITYSCAPES_35.name(), 3, 16, 3, 3, 1, List.of(26), 20f, 32, 3, 2, 3, 2, 8, Warp.Interpolation.BICUBIC);
    }

    /** The sizes trained on this project's 2-core CPU; cars (26) composited from the foreground head. */
    public static Vid2VidConfig cityscapesDefault() {
        return new Vid2VidConfig(LabelSet.CITYSCAPES_35.name(), 3, 32, 3, 4, 2, List.of(26), 20f, 32, 3, 2, 3, 2, 0, Warp.Interpolation.BICUBIC);
    }

    public LabelSet labels() {
        return LabelSet.byName(labelSet);
    }

    public int semanticChannels() {
        return labels().size() + 1;
    }

    public boolean useForeground() {
        return !foregroundLabels.isEmpty();
    }
}
