package ai.vidsynth.model.pix2pixhd;

import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.NormalInitializer;
import ai.vidsynth.model.nn.Layers;
import ai.vidsynth.model.nn.ReflectionPad2d;

/**
 * pix2pixHD's instance feature encoder E: an encoder-decoder from the real image to a low-dimensional
 * feature map (pad, 7x7 conv, downsamples, upsamples, pad, 7x7 conv, tanh). Its output is averaged within
 * each instance by {@link InstancePooling}, so every object gets one feature vector: the style code that
 * k-means clusters and a user later picks.
 */
public final class FeatureEncoder {

    private FeatureEncoder() {}

    public static SequentialBlock build(int featureChannels, int ngf, int nDownsample) {
        SequentialBlock e = new SequentialBlock().add(Layers.front7x7(ngf));
        for (int i = 0; i < nDownsample; i++) {
            e.add(Layers.down(ngf << (i + 1)));
        }
        for (int i = nDownsample; i > 0; i--) {
            e.add(Layers.up(ngf << (i - 1)));
        }
        e.add(ReflectionPad2d.block(3)).add(Layers.conv(featureChannels, 7, 1, 0)).add(Activation.tanhBlock());
        e.setInitializer(new NormalInitializer(Generators.INIT_SIGMA), Parameter.Type.WEIGHT);
        return e;
    }

    public static SequentialBlock of(Pix2PixHDConfig c) {
        return build(c.featureChannels(), c.encoderNgf(), c.encoderDownsample());
    }
}
