package ai.vidsynth.model.vid2vid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import ai.vidsynth.model.pix2pixhd.GlobalGenerator;
import ai.vidsynth.model.pix2pixhd.LocalEnhancer;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts vid2vid's image path from a trained pix2pixHD global generator of the same sizes: the label encoder
 * (on the current frame's channels), the residual blocks, the image head and both RGB layers. The paper
 * trains the sequential generator from scratch on 8 GPUs; on a 2-core CPU it would spend its few thousand
 * steps relearning what G1 already paints. Warm-started, its hallucinated frame begins as G1's image and the
 * steps go to flow, occlusion mask and temporal consistency. The past frames' label channels start at zero,
 * so at step 0 the image path sees exactly what G1 sees minus G1's instance-feature channels.
 */
public final class WarmStart {

    private WarmStart() {}

    public static void fromGlobalGenerator(SequentialGenerator g, GlobalGenerator g1) {
        Vid2VidConfig c = g.config();
        List<Parameter> to = g.imagePath();
        List<Parameter> from = new ArrayList<>();
        g1.getParameters().forEach(p -> from.add(p.getValue()));
        if (to.size() != from.size()) {
            throw new IllegalArgumentException("pix2pixHD generator has " + from.size() + " parameters, vid2vid's image path "
                    + to.size() + ": ngf, downsamplings and residual blocks must match (vid2vid: " + c.ngf() + ", "
                    + c.nDownsample() + ", " + c.nBlocks() + ")");
        }
        copyFirstConv(to.get(0).getArray(), from.get(0).getArray(), c.semanticChannels());
        for (int i = 1; i < to.size(); i++) {
            copy(to.get(i).getArray(), from.get(i).getArray());
        }
        List<Parameter> rgb = g.foregroundRgb();
        for (int i = 0; i < rgb.size(); i++) {
            copy(rgb.get(i).getArray(), from.get(from.size() - rgb.size() + i).getArray());
        }
    }

    /**
     * Starts a coarse-to-fine generator's finer scale from a trained pix2pixHD local enhancer of the same sizes (the
     * front on this frame's labels without the enhancer's instance-feature channels, the residual blocks, the
     * upsampling, and the RGB layer for both heads); the past frames' front stays behind its zero gate. The coarse
     * scale is filled apart, from a one-scale vid2vid model. At step 0 the finer scale paints what the enhancer
     * paints on the coarse scale's features instead of G1's.
     */
    public static void fromLocalEnhancer(CoarseToFineGenerator g, LocalEnhancer enhancer) {
        CoarseToFineGenerator.LocalScale local = (CoarseToFineGenerator.LocalScale) g.localScale();
        List<Parameter> to = local.imagePath();
        List<Parameter> from = new ArrayList<>();
        for (Pair<String, Block> child : enhancer.getChildren()) {
            if (!child.getKey().replaceFirst("^[0-9]+", "").equals("coarse")) {
                child.getValue().getParameters().forEach(p -> from.add(p.getValue()));
            }
        }
        if (to.size() != from.size()) {
            throw new IllegalArgumentException("the local enhancer has " + from.size() + " parameters, the finer scale " + to.size()
                    + ": filters and residual blocks must match (finer scale: " + g.config().local() + ")");
        }
        copyFirstConv(to.get(0).getArray(), from.get(0).getArray(), g.config().semanticChannels());
        for (int i = 1; i < to.size(); i++) {
            copy(to.get(i).getArray(), from.get(i).getArray());
        }
        List<Parameter> rgb = local.foregroundRgb();
        for (int i = 0; i < rgb.size(); i++) {
            copy(rgb.get(i).getArray(), from.get(from.size() - rgb.size() + i).getArray());
        }
    }

    /** The blocks' parameters in order: the layout the warm starts copy into. */
    static List<Parameter> parameters(Block... blocks) {
        List<Parameter> out = new ArrayList<>();
        for (Block b : blocks) {
            b.getParameters().forEach(p -> out.add(p.getValue()));
        }
        return out;
    }

    private static void copy(NDArray to, NDArray from) {
        if (!to.getShape().equals(from.getShape())) {
            throw new IllegalArgumentException("shape " + to.getShape() + " cannot take " + from.getShape());
        }
        to.set(from.toFloatArray());
    }

    /**
     * vid2vid's first conv sees tG label frames, oldest first (tG * semantic channels); G1's sees one label
     * frame then its instance features. G1's label weights go to the newest frame's slot, the rest is zero.
     */
    private static void copyFirstConv(NDArray to, NDArray from, int semantic) {
        Shape t = to.getShape();
        Shape f = from.getShape();
        int out = (int) t.get(0);
        int inTo = (int) t.get(1);
        int inFrom = (int) f.get(1);
        int k = (int) (t.get(2) * t.get(3));
        if (out != f.get(0) || k != f.get(2) * f.get(3) || inFrom < semantic || inTo < semantic) {
            throw new IllegalArgumentException("first conv " + t + " cannot take " + f);
        }
        float[] src = from.toFloatArray();
        float[] dst = new float[out * inTo * k];
        int slot = inTo - semantic;
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < semantic; i++) {
                System.arraycopy(src, (o * inFrom + i) * k, dst, (o * inTo + slot + i) * k, k);
            }
        }
        to.set(dst);
    }
}
