package ai.vidsynth.model.runtime;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import java.io.IOException;
import java.nio.file.Path;

/** Every frame from pix2pixHD alone: no temporal state. */
public final class SingleImageSynthesizer implements Synthesizer {

    private final Pix2PixHDRuntime runtime;

    public SingleImageSynthesizer(Pix2PixHDRuntime runtime) {
        this.runtime = runtime;
    }

    public static SingleImageSynthesizer load(Path modelDir) throws IOException {
        return new SingleImageSynthesizer(Pix2PixHDRuntime.load(modelDir));
    }

    public static SingleImageSynthesizer load(Path modelDir, ai.djl.Device device) throws IOException {
        return new SingleImageSynthesizer(Pix2PixHDRuntime.load(modelDir, device));
    }

    @Override
    public Synthesis next(VideoState previous, LabelFrame frame, StyleClusters.Choice style) {
        return new Synthesis(runtime.synthesize(frame, style), Generator.SINGLE_IMAGE, VideoState.EMPTY);
    }

    @Override
    public int width() {
        return runtime.card().width();
    }

    @Override
    public int height() {
        return runtime.card().height();
    }

    @Override
    public LabelSet labels() {
        return runtime.card().pix2pixhd().labels();
    }

    @Override
    public int pastFrames() {
        return 0;
    }

    @Override
    public java.util.List<Synthesis> nextAll(java.util.List<Step> steps) {
        java.util.List<RgbImage> images = runtime.synthesizeAll(steps.stream().map(Step::frame).toList(),
                steps.stream().map(Step::style).toList());
        java.util.List<Synthesis> out = new java.util.ArrayList<>();
        for (RgbImage image : images) {
            out.add(new Synthesis(image, Generator.SINGLE_IMAGE, VideoState.EMPTY));
        }
        return out;
    }

    @Override
    public double gflopPerFrame() {
        return runtime.gflopPerFrame();
    }

    @Override
    public String device() {
        return runtime.device();
    }

    @Override
    public String modelId() {
        return runtime.card().fullId();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
