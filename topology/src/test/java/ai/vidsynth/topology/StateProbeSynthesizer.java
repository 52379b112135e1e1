package ai.vidsynth.topology;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.VideoState;

/**
 * A test double for the topology layer only (the real-broker tests run the real model): a deterministic
 * function of its inputs that makes the state visible. Red = number of past frames it was given, green =
 * first pixel of the previous output's green + 1 (a running count along the sequence), blue = label of the
 * last pixel. Keeps two past frames, like vid2vid with tG = 3.
 */
public final class StateProbeSynthesizer implements Synthesizer {

    public static final int SIZE_W = 16;
    public static final int SIZE_H = 8;

    private final int width;
    private final int height;
    private final boolean noisy;

    public StateProbeSynthesizer() {
        this(SIZE_W, SIZE_H, false);
    }

    /** @param noisy add per-pixel noise (seeded by the frame) so the image's PNG is as large as it can get */
    public StateProbeSynthesizer(int width, int height, boolean noisy) {
        this.width = width;
        this.height = height;
        this.noisy = noisy;
    }

    @Override
    public Synthesis next(VideoState previous, LabelFrame frame, StyleClusters.Choice style) {
        int chain = previous.isEmpty() ? 0 : (previous.pastOutputs().get(previous.size() - 1).rgb()[1] & 0xff) + 1;
        byte[] rgb = new byte[frame.width() * frame.height() * 3];
        for (int i = 0; i < frame.width() * frame.height(); i++) {
            rgb[3 * i] = (byte) previous.size();
            rgb[3 * i + 1] = (byte) chain;
            rgb[3 * i + 2] = frame.labels()[frame.labels().length - 1];
        }
        if (noisy) {
            java.util.Random r = new java.util.Random(chain);
            for (int i = 3; i < rgb.length; i++) {
                rgb[i] = (byte) r.nextInt(256);
            }
        }
        RgbImage image = new RgbImage(frame.width(), frame.height(), rgb);
        return new Synthesis(image, previous.isEmpty() ? Generator.SINGLE_IMAGE : Generator.SEQUENTIAL,
                previous.append(image, frame, pastFrames()));
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public LabelSet labels() {
        return LabelSet.CITYSCAPES_35;
    }

    @Override
    public int pastFrames() {
        return 2;
    }

    @Override
    public String modelId() {
        return "state-probe:1";
    }

    @Override
    public void close() {}
}
