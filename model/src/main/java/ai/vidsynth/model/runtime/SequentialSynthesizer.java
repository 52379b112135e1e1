package ai.vidsynth.model.runtime;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * vid2vid in the stream: a sequence's first frame (or the first after a gap) from pix2pixHD, every later
 * frame from the sequential generator conditioned on the video's past generated frames and labels.
 */
public final class SequentialSynthesizer implements Synthesizer {

    private final Pix2PixHDRuntime firstFrame;
    private final Vid2VidRuntime sequential;

    public SequentialSynthesizer(Pix2PixHDRuntime firstFrame, Vid2VidRuntime sequential) {
        if (firstFrame.card().width() != sequential.card().width() || firstFrame.card().height() != sequential.card().height()) {
            throw new IllegalArgumentException("first-frame model and vid2vid model differ in resolution");
        }
        this.firstFrame = firstFrame;
        this.sequential = sequential;
    }

    /** Loads a vid2vid model folder and the pix2pixHD model its card names for first frames. */
    public static SequentialSynthesizer load(Path vid2vidDir) throws IOException {
        return load(vid2vidDir, ModelDevice.AUTO.resolve());
    }

    public static SequentialSynthesizer load(Path vid2vidDir, ai.djl.Device device) throws IOException {
        Vid2VidRuntime v = Vid2VidRuntime.load(vid2vidDir, device);
        try {
            return new SequentialSynthesizer(Pix2PixHDRuntime.load(vid2vidDir.resolve(v.card().firstFrameModel()).normalize(), device), v);
        } catch (IOException | RuntimeException e) {
            v.close();
            throw e;
        }
    }

    @Override
    public Synthesis next(VideoState previous, LabelFrame frame, StyleClusters.Choice style) {
        if (previous.isEmpty()) {
            RgbImage image = firstFrame.synthesize(frame, style);
            return new Synthesis(image, Generator.SINGLE_IMAGE, previous.append(image, frame, pastFrames()));
        }
        RgbImage image = sequential.step(previous.pastOutputs(), previous.pastLabels(), frame);
        return new Synthesis(image, Generator.SEQUENTIAL, previous.append(image, frame, pastFrames()));
    }

    /** First frames batched through pix2pixHD, the others through vid2vid, each in one forward pass. */
    @Override
    public List<Synthesis> nextAll(List<Step> steps) {
        List<Integer> first = new ArrayList<>();
        List<Integer> later = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            (steps.get(i).previous().isEmpty() ? first : later).add(i);
        }
        Synthesis[] out = new Synthesis[steps.size()];
        if (!first.isEmpty()) {
            List<RgbImage> images = firstFrame.synthesizeAll(first.stream().map(i -> steps.get(i).frame()).toList(),
                    first.stream().map(i -> steps.get(i).style()).toList());
            for (int k = 0; k < first.size(); k++) {
                Step s = steps.get(first.get(k));
                out[first.get(k)] = new Synthesis(images.get(k), Generator.SINGLE_IMAGE, s.previous().append(images.get(k), s.frame(), pastFrames()));
            }
        }
        if (!later.isEmpty()) {
            List<RgbImage> images = sequential.stepAll(later.stream().map(i -> steps.get(i))
                    .map(s -> new Vid2VidRuntime.Step(s.previous().pastOutputs(), s.previous().pastLabels(), s.frame())).toList());
            for (int k = 0; k < later.size(); k++) {
                Step s = steps.get(later.get(k));
                out[later.get(k)] = new Synthesis(images.get(k), Generator.SEQUENTIAL, s.previous().append(images.get(k), s.frame(), pastFrames()));
            }
        }
        return List.of(out);
    }

    @Override
    public int width() {
        return sequential.card().width();
    }

    @Override
    public int height() {
        return sequential.card().height();
    }

    @Override
    public LabelSet labels() {
        return sequential.card().vid2vid().labels();
    }

    @Override
    public int pastFrames() {
        return sequential.pastFrames();
    }

    @Override
    public double gflopPerFrame() {
        return sequential.gflopPerFrame();
    }

    @Override
    public String device() {
        return sequential.device();
    }

    @Override
    public String modelId() {
        return sequential.card().fullId() + "+" + firstFrame.card().fullId();
    }

    @Override
    public void close() {
        sequential.close();
        firstFrame.close();
    }
}
