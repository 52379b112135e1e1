package ai.vidsynth.model.eval;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.image.ImageTensors;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.nn.NativeArrays;
import ai.vidsynth.model.nn.WeightFiles;
import ai.vidsynth.model.runtime.ModelCard;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A shipped segmenter: predicts Cityscapes trainIds for a frame at the model's resolution (frames of another
 * size are resized first, box-averaged, as the training frames were).
 */
public final class Segmenter implements AutoCloseable {

    private final NDManager manager;
    private final SegmentationNet net;
    private final ModelCard card;

    private Segmenter(NDManager manager, SegmentationNet net, ModelCard card) {
        this.manager = manager;
        this.net = net;
        this.card = card;
    }

    public static Segmenter load(Path dir) throws IOException {
        ModelCard card = ModelCard.read(dir, ModelCard.KIND_SEGMENTER);
        NDManager manager = NDManager.newBaseManager();
        try {
            SegmentationNet net = card.segmenter().newNet();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, card.height(), card.width()));
            WeightFiles.load(net, dir.resolve(card.weights().get("segmenter")), manager);
            NativeArrays.freeze(net);
            return new Segmenter(manager, net, card);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw e instanceof IOException io ? io : new IOException("cannot load segmenter from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Wraps a network being trained, to score it on held-out frames; closing it leaves the network alone. */
    public static Segmenter wrapping(SegmentationNet net, NDManager parent, int width, int height) {
        ModelCard card = new ModelCard("in-training", ModelCard.KIND_SEGMENTER, 0, width, height, null, null, null, null,
                null, null, null, null, null);
        return new Segmenter(parent.newSubManager(), net, card);
    }

    public int width() {
        return card.width();
    }

    public int height() {
        return card.height();
    }

    public ModelCard card() {
        return card;
    }

    /** trainIds (0..18) per pixel of {@code frame} resized to {@link #width()} x {@link #height()}, row-major. */
    public int[] predict(RgbImage frame) {
        RgbImage input = frame.width() == width() && frame.height() == height() ? frame : frame.resized(width(), height());
        try (NDManager m = manager.newSubManager()) {
            NDArray logits = net.forward(new ParameterStore(m, false), new NDList(ImageTensors.toTensor(m, input)), false)
                    .singletonOrThrow();
            long[] best = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
            int[] out = new int[best.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (int) best[i];
            }
            return out;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
