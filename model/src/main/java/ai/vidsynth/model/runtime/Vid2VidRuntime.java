package ai.vidsynth.model.runtime;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.image.ImageTensors;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.nn.NativeArrays;
import ai.vidsynth.model.nn.WeightFiles;
import ai.vidsynth.model.vid2vid.Composition;
import ai.vidsynth.model.vid2vid.SequenceInputs;
import ai.vidsynth.model.vid2vid.SequentialGenerator;
import ai.vidsynth.model.vid2vid.Vid2VidConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a shipped vid2vid generator for one step: the past generated frames and label frames, and this frame's
 * labels → this frame. Deterministic, like every runtime here.
 */
public final class Vid2VidRuntime implements AutoCloseable {

    private final ModelCard card;
    private final NDManager manager;
    private final SequentialGenerator generator;
    private final SequenceInputs inputs;

    private Vid2VidRuntime(ModelCard card, NDManager manager, SequentialGenerator generator) {
        this.card = card;
        this.manager = manager;
        this.generator = generator;
        this.inputs = new SequenceInputs(card.vid2vid());
    }

    public static Vid2VidRuntime load(Path modelDir) throws IOException {
        return load(modelDir, ModelDevice.AUTO.resolve());
    }

    public static Vid2VidRuntime load(Path modelDir, ai.djl.Device device) throws IOException {
        ModelCard card = ModelCard.read(modelDir, ModelCard.KIND_VID2VID);
        Vid2VidConfig c = card.vid2vid();
        NDManager manager = NDManager.newBaseManager(device);
        try {
            SequentialGenerator g = new SequentialGenerator(c);
            g.initialize(manager, DataType.FLOAT32, new Shape(1, g.labelChannels(), card.height(), card.width()),
                    new Shape(1, g.imageChannels(), card.height(), card.width()));
            WeightFiles.load(g, modelDir.resolve(card.weights().get("generator")), manager);
            NativeArrays.freeze(g);
            return new Vid2VidRuntime(card, manager, g);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw e instanceof IOException io ? io : new IOException("cannot load " + modelDir + ": " + e.getMessage(), e);
        }
    }

    /** The sequential generator's convolutions per step, in GFLOP ({@link ai.vidsynth.model.nn.Flops}). */
    public double gflopPerFrame() {
        return generator.flops(new Shape(1, generator.labelChannels(), card.height(), card.width()),
                new Shape(1, generator.imageChannels(), card.height(), card.width())) / 1e9;
    }

    /** The device the weights live on, as DJL names it. */
    public String device() {
        return manager.getDevice().toString();
    }

    public ModelCard card() {
        return card;
    }

    public int pastFrames() {
        return card.vid2vid().tG() - 1;
    }

    /**
     * @param pastOutputs the video's last generated frames, oldest first (at least one; padded if fewer than tG - 1)
     * @param pastLabels  their label frames
     * @param labels      this frame's labels
     */
    public RgbImage step(List<RgbImage> pastOutputs, List<LabelFrame> pastLabels, LabelFrame labels) {
        int past = pastFrames();
        List<RgbImage> outs = SequenceInputs.padOldest(pastOutputs, past);
        List<LabelFrame> labs = new ArrayList<>(SequenceInputs.padOldest(pastLabels, past));
        labs.add(labels);
        try (NDManager m = manager.newSubManager()) {
            List<NDArray> images = new ArrayList<>();
            for (RgbImage o : outs) {
                images.add(ImageTensors.toTensor(m, o));
            }
            NDList out = generator.forward(new ParameterStore(m, false),
                    new NDList(inputs.labels(m, labs), inputs.pastImages(images)), false);
            Composition.Result r = Composition.compose(images.get(images.size() - 1), out.get(0), out.get(1), out.get(2),
                    out.get(3), inputs.foregroundMask(m, labels));
            return ImageTensors.toImage(r.image());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
