package ai.vidsynth.model.pix2pixhd;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.nn.Scalars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * pix2pixHD's VGG perceptual loss: L1 between VGG19 features of the fake and the real image at relu1_1,
 * relu2_1, relu3_1, relu4_1 and relu5_1, weighted 1/32, 1/16, 1/8, 1/4, 1. ImageNet weights cannot be
 * downloaded here, so the network is only ever loaded from a file the user provides: a TorchScript module
 * (e.g. torchvision's {@code vgg19().features} wrapped to return those five activations as a tuple) that
 * DJL's PyTorch engine loads as is. Without such a file the trainers run without this loss and the model
 * card says so; nothing pretends to be VGG.
 */
public final class VggPerceptualLoss implements AutoCloseable {

    static final float[] LAYER_WEIGHTS = {1f / 32, 1f / 16, 1f / 8, 1f / 4, 1f};

    private final Block features;
    private final Model owner;

    /** Wraps any block that maps an image in [-1, 1] to the five feature maps. */
    public VggPerceptualLoss(Block features) {
        this(features, null);
    }

    private VggPerceptualLoss(Block features, Model owner) {
        this.features = features;
        this.owner = owner;
    }

    /** Loads a TorchScript VGG19 feature extractor from a local file. */
    public static VggPerceptualLoss fromTorchScript(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no VGG19 TorchScript file at " + file);
        }
        Model model = Model.newInstance("vgg19-features", "PyTorch");
        try {
            model.load(file.toAbsolutePath().getParent(), file.getFileName().toString());
        } catch (MalformedModelException e) {
            model.close();
            throw new IOException("cannot load VGG19 from " + file + ": " + e.getMessage(), e);
        }
        return new VggPerceptualLoss(model.getBlock(), model);
    }

    /** Weighted L1 over the five layers; the real image's features are constant targets. */
    public NDArray loss(ParameterStore store, NDArray fake, NDArray real) {
        NDList f = features.forward(store, new NDList(fake), false);
        NDList r = features.forward(store, new NDList(real), false);
        if (f.size() != LAYER_WEIGHTS.length) {
            throw new IllegalStateException("VGG feature block returned " + f.size() + " maps, expected 5");
        }
        return weighted(f, r);
    }

    static NDArray weighted(NDList fake, NDList real) {
        NDArray total = null;
        for (int i = 0; i < LAYER_WEIGHTS.length; i++) {
            NDArray term = Scalars.times(fake.get(i).sub(real.get(i).stopGradient()).abs().mean(), LAYER_WEIGHTS[i]);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    @Override
    public void close() {
        if (owner != null) {
            owner.close();
        }
    }
}
