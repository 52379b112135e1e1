package ai.vidsynth.model.pix2pixhd;

import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;

/** Builds the generator a config describes: G1, wrapped by {@code nLocalEnhancers} local enhancers. */
public final class Generators {

    /** pix2pixHD initializes conv weights from N(0, 0.02). */
    public static final float INIT_SIGMA = 0.02f;

    private Generators() {}

    public static ImageGenerator build(Pix2PixHDConfig c) {
        int globalNgf = c.ngf();
        ImageGenerator g = new GlobalGenerator(globalNgf, c.nDownsample(), c.nBlocks(), c.upsampling());
        for (int i = 1; i <= c.nLocalEnhancers(); i++) {
            g = new LocalEnhancer(g, globalNgf >> i, c.nBlocksLocal(), c.upsampling());
        }
        g.setInitializer(new NormalInitializer(INIT_SIGMA), Parameter.Type.WEIGHT);
        return g;
    }

    /** The global generator inside a (possibly enhanced) generator. */
    public static GlobalGenerator globalOf(ImageGenerator g) {
        ImageGenerator cur = g;
        while (cur instanceof LocalEnhancer e) {
            cur = e.coarse();
        }
        return (GlobalGenerator) cur;
    }
}
