package ai.vidsynth.model.pix2pixhd;

import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.model.nn.Layers;

/**
 * pix2pixHD's sizes, named as in the paper and NVIDIA's code. Saved in every model card and checkpoint, so
 * a set of weights always says which architecture it belongs to.
 *
 * @param labelSet         label set name; input channels = its size + 1 (boundary map) + featureChannels
 * @param featureChannels  instance-wise feature channels from the encoder E (0 = no features)
 * @param ngf              filters of the global generator's first layer
 * @param nDownsample      stride-2 downsamplings in the global generator
 * @param nBlocks          residual blocks of the global generator
 * @param nLocalEnhancers  local enhancers around it (each doubles the resolution); the i-th has ngf / 2^i filters
 * @param nBlocksLocal     residual blocks per local enhancer
 * @param encoderNgf       filters of the feature encoder's first layer
 * @param encoderDownsample downsamplings of the feature encoder
 * @param ndf              filters of each discriminator's first layer
 * @param nLayersD         stride-2 layers per PatchGAN discriminator
 * @param numD             discriminators on the image pyramid
 * @param upsampling       how the generators double their resolution (absent in older cards and checkpoints:
 *                         transposed convolutions, the paper's)
 */
public record Pix2PixHDConfig(
        String labelSet,
        int featureChannels,
        int ngf,
        int nDownsample,
        int nBlocks,
        int nLocalEnhancers,
        int nBlocksLocal,
        int encoderNgf,
        int encoderDownsample,
        int ndf,
        int nLayersD,
        int numD,
        Layers.Upsampling upsampling) {

    public Pix2PixHDConfig {
        LabelSet.byName(labelSet);
        upsampling = upsampling == null ? Layers.Upsampling.TRANSPOSED : upsampling;
        if (ngf % (1 << nLocalEnhancers) != 0) {
            throw new IllegalArgumentException("ngf " + ngf + " must be divisible by 2^nLocalEnhancers");
        }
        if (ngf <= 0 || nDownsample < 0 || nBlocks < 0 || nLocalEnhancers < 0 || numD < 1 || nLayersD < 1) {
            throw new IllegalArgumentException("invalid pix2pixHD sizes: " + this);
        }
    }

    /** With transposed-convolution upsampling, the paper's. */
    public Pix2PixHDConfig(String labelSet, int featureChannels, int ngf, int nDownsample, int nBlocks, int nLocalEnhancers, int nBlocksLocal,
            int encoderNgf, int encoderDownsample, int ndf, int nLayersD, int numD) {
        this(labelSet, featureChannels, ngf, nDownsample, nBlocks, nLocalEnhancers, nBlocksLocal, encoderNgf, encoderDownsample, ndf,
                nLayersD, numD, Layers.Upsampling.TRANSPOSED);
    }

    /** The sizes this project trains on a 2-core CPU (see the model cards for what was trained). */
    public static Pix2PixHDConfig cityscapesDefault() {
        return new Pix2PixHDConfig(LabelSet.CITYSCAPES_35.name(), 3, 32, 3, 4, 0, 3, 16, 3, 32, 3, 2);
    }

    public Pix2PixHDConfig withLocalEnhancers(int n) {
        return new Pix2PixHDConfig(labelSet, featureChannels, ngf, nDownsample, nBlocks, n, nBlocksLocal,
                encoderNgf, encoderDownsample, ndf, nLayersD, numD, upsampling);
    }

    public LabelSet labels() {
        return LabelSet.byName(labelSet);
    }

    /** One-hot labels plus the boundary map: what the discriminators see besides the image. */
    public int semanticChannels() {
        return labels().size() + 1;
    }

    public int generatorInputChannels() {
        return semanticChannels() + featureChannels;
    }

}
