package ai.vidsynth.model.runtime;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.image.ImageTensors;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelEncoder;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.nn.NativeArrays;
import ai.vidsynth.model.nn.WeightFiles;
import ai.vidsynth.model.pix2pixhd.Generators;
import ai.vidsynth.model.pix2pixhd.ImageGenerator;
import ai.vidsynth.model.pix2pixhd.InstancePooling;
import ai.vidsynth.model.pix2pixhd.Pix2PixHDConfig;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a shipped pix2pixHD generator: label frame (+ style choice) → 8-bit image. Built from the model
 * card alone. Deterministic: the same frame, style and weights give the same bytes (inference mode, no
 * dropout or noise; instance features come from the stored cluster centres, not from an encoder).
 */
public final class Pix2PixHDRuntime implements AutoCloseable {

    private final ModelCard card;
    private final NDManager manager;
    private final ImageGenerator generator;
    private final LabelEncoder encoder;
    private final StyleClusters clusters;

    private Pix2PixHDRuntime(ModelCard card, NDManager manager, ImageGenerator generator) {
        this.card = card;
        this.manager = manager;
        this.generator = generator;
        this.encoder = new LabelEncoder(card.pix2pixhd().labels());
        this.clusters = new StyleClusters(card.styleClusters() == null ? java.util.Map.of() : card.styleClusters());
    }

    public static Pix2PixHDRuntime load(Path modelDir) throws IOException {
        return load(modelDir, ModelDevice.AUTO.resolve());
    }

    public static Pix2PixHDRuntime load(Path modelDir, ai.djl.Device device) throws IOException {
        ModelCard card = ModelCard.read(modelDir, ModelCard.KIND_PIX2PIXHD);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            ImageGenerator generator = loadGenerator(modelDir, card, manager);
            NativeArrays.freeze(generator);
            return new Pix2PixHDRuntime(card, manager, generator);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw e instanceof IOException io ? io : new IOException("cannot load " + modelDir + ": " + e.getMessage(), e);
        }
    }

    /** The generator of a pix2pixHD model folder, built from its card, with its trained weights, in {@code manager}. */
    public static ImageGenerator loadGenerator(Path modelDir, ModelCard card, NDManager manager)
            throws IOException, MalformedModelException {
        Pix2PixHDConfig c = card.pix2pixhd();
        ImageGenerator g = Generators.build(c);
        g.initialize(manager, DataType.FLOAT32, new Shape(1, c.generatorInputChannels(), card.height(), card.width()));
        WeightFiles.load(g, modelDir.resolve(card.weights().get("generator")), manager);
        return g;
    }

    /** The generator's convolutions per frame, in GFLOP ({@link ai.vidsynth.model.nn.Flops}). */
    public double gflopPerFrame() {
        return generator.flops(new Shape(1, card.pix2pixhd().generatorInputChannels(), card.height(), card.width())) / 1e9;
    }

    /** The device the weights live on, as DJL names it. */
    public String device() {
        return manager.getDevice().toString();
    }

    public ModelCard card() {
        return card;
    }

    public StyleClusters clusters() {
        return clusters;
    }

    public RgbImage synthesize(LabelFrame frame, StyleClusters.Choice style) {
        try (NDManager m = manager.newSubManager()) {
            return ImageTensors.toImage(generate(m, frame, style));
        }
    }

    /** The generator's output tensor (1, 3, H, W) in [-1, 1], attached to {@code m}. */
    public NDArray generate(NDManager m, LabelFrame frame, StyleClusters.Choice style) {
        ParameterStore store = new ParameterStore(m, false);
        return generator.forward(store, new NDList(input(m, frame, style)), false).singletonOrThrow();
    }

    /**
     * Several frames (of different videos) in one forward pass, as a batch; the i-th image is what
     * {@link #synthesize} gives for the i-th frame up to float rounding (instance normalization is per frame).
     */
    public List<RgbImage> synthesizeAll(List<LabelFrame> frames, List<StyleClusters.Choice> styles) {
        try (NDManager m = manager.newSubManager()) {
            NDList inputs = new NDList();
            for (int i = 0; i < frames.size(); i++) {
                inputs.add(input(m, frames.get(i), styles.get(i)));
            }
            NDArray out = generator.forward(new ParameterStore(m, false), new NDList(NDArrays.concat(inputs, 0)), false).singletonOrThrow();
            List<RgbImage> images = new ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                images.add(ImageTensors.toImage(out.get(i + ":" + (i + 1))));
            }
            return images;
        }
    }

    /** The generator's input for one frame (1, C, H, W): one-hot labels, boundary map and, if any, style features. */
    private NDArray input(NDManager m, LabelFrame frame, StyleClusters.Choice style) {
        if (frame.width() != card.width() || frame.height() != card.height()) {
            throw new IllegalArgumentException("frame is " + frame.width() + "x" + frame.height() + ", model "
                    + card.id() + " takes " + card.width() + "x" + card.height());
        }
        NDArray input = encoder.encode(m, frame);
        int fc = card.pix2pixhd().featureChannels();
        if (fc > 0) {
            int[] ids = frame.instancesOrLabels();
            InstancePooling pooling = new InstancePooling(ids, frame.width(), frame.height());
            NDArray features = pooling.paint(m, clusters.featuresFor(ids, style), fc);
            input = NDArrays.concat(new NDList(input, features), 1);
        }
        return input;
    }

    @Override
    public void close() {
        manager.close();
    }
}
