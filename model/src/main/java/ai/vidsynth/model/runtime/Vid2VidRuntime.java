package ai.vidsynth.model.runtime;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.flow.LabelFlow;
import ai.vidsynth.model.image.ImageTensors;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.nn.NativeArrays;
import ai.vidsynth.model.nn.WeightFiles;
import ai.vidsynth.model.vid2vid.CoarseToFineGenerator;
import ai.vidsynth.model.vid2vid.Composition;
import ai.vidsynth.model.vid2vid.FrameGenerator;
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
    private final FrameGenerator generator;
    private final SequenceInputs inputs;

    private Vid2VidRuntime(ModelCard card, NDManager manager, FrameGenerator generator) {
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
            FrameGenerator g = loadGenerator(modelDir, card, manager);
            NativeArrays.freeze(g);
            return new Vid2VidRuntime(card, manager, g);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw e instanceof IOException io ? io : new IOException("cannot load " + modelDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A model folder's generator with its weights: one scale from the folder's {@code generator} file; coarse to fine
     * from the folder's {@code local} file and the coarse model the card names, which must be the id it names and of the
     * sizes the card has without its local scale.
     */
    public static FrameGenerator loadGenerator(Path modelDir, ModelCard card, NDManager manager) throws IOException, MalformedModelException {
        FrameGenerator g = FrameGenerator.of(card.vid2vid());
        g.initialize(manager, DataType.FLOAT32, g.inputShapes(1, card.width(), card.height()));
        loadWeights(g, modelDir, card, manager);
        return g;
    }

    /** {@link #loadGenerator}'s weights, into an initialized generator of the card's sizes. */
    public static void loadWeights(FrameGenerator g, Path modelDir, ModelCard card, NDManager manager) throws IOException, MalformedModelException {
        Vid2VidConfig c = card.vid2vid();
        if (!(g instanceof CoarseToFineGenerator ctf)) {
            WeightFiles.load(g, modelDir.resolve(card.weights().get("generator")), manager);
            return;
        }
        if (card.coarseModel() == null) {
            throw new IOException(modelDir + " is a coarse-to-fine vid2vid model whose card names no coarse model");
        }
        Path coarseDir = modelDir.resolve(card.coarseModel().folder()).normalize();
        ModelCard coarse = ModelCard.read(coarseDir, ModelCard.KIND_VID2VID);
        if (!coarse.fullId().equals(card.coarseModel().id()) || !c.withLocal(null).sameSizes(coarse.vid2vid())) {
            throw new IOException(modelDir + " was made on coarse model " + card.coarseModel().id() + ", and " + coarseDir + " holds "
                    + coarse.fullId() + (c.withLocal(null).sameSizes(coarse.vid2vid()) ? "" : " of other sizes"));
        }
        WeightFiles.load(ctf.coarseScale(), coarseDir.resolve(coarse.weights().get("generator")), manager);
        WeightFiles.load(ctf.localScale(), modelDir.resolve(card.weights().get("local")), manager);
    }

    /** The generator's convolutions per step, in GFLOP ({@link ai.vidsynth.model.nn.Flops}). */
    public double gflopPerFrame() {
        return generator.flops(card.width(), card.height()) / 1e9;
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
        return stepAll(List.of(new Step(pastOutputs, pastLabels, labels))).get(0);
    }

    /** One video's step: its past frames and labels (oldest first) and this frame's labels. */
    public record Step(List<RgbImage> pastOutputs, List<LabelFrame> pastLabels, LabelFrame labels) {}

    /**
     * Several videos' steps in one forward pass, as a batch (their inputs stacked on the batch axis); the i-th image
     * is what {@link #step} gives alone up to float rounding: every layer works per frame (instance normalization
     * too), so only the convolutions' summation order may differ.
     */
    public List<RgbImage> stepAll(List<Step> steps) {
        try (NDManager m = manager.newSubManager()) {
            NDArray image = forward(m, steps, null).image();
            List<RgbImage> images = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                images.add(ImageTensors.toImage(image.get(i + ":" + (i + 1))));
            }
            return images;
        }
    }

    /**
     * One step taken apart, to see where a model's flicker comes from ({@code flow-check}): the composed frame, the
     * mask (1 = the hallucinated frame, 0 = the previous frame warped) and the generator's flow, per pixel.
     *
     * @param flow the flow to warp the previous frame with instead of the generator's ({u, v} in pixels, backward,
     *             as the generator's), e.g. the camera frames' to see what a perfect flow would give; null: the generator's
     */
    public Inspection inspect(Step step, float[][] flow) {
        try (NDManager m = manager.newSubManager()) {
            NDArray override = flow == null ? null : NativeArrays.flows(m, List.<float[][]>of(flow), card.width(), card.height());
            Forward f = forward(m, List.of(step), override);
            float[] used = f.flow().toFloatArray();
            int n = used.length / 2;
            return new Inspection(ImageTensors.toImage(f.image()), f.outputs().mask().toFloatArray(),
                    new float[][] {java.util.Arrays.copyOfRange(used, 0, n), java.util.Arrays.copyOfRange(used, n, 2 * n)});
        }
    }

    /** @param mask per pixel, row-major; {@code flow} the one the previous frame was warped with unless overridden, {u, v} */
    public record Inspection(RgbImage image, float[] mask, float[][] flow) {}

    private record Forward(SequentialGenerator.Outputs outputs, NDArray flow, NDArray image) {}

    /** Each step's previous label frame to its current one ({@link Vid2VidConfig.FlowSource#LABELS}). */
    private NDArray labelFlows(NDManager m, List<Step> steps) {
        List<float[][]> flows = new ArrayList<>();
        for (Step s : steps) {
            flows.add(LabelFlow.backward(s.pastLabels().get(s.pastLabels().size() - 1), s.labels(), card.vid2vid().labels()));
        }
        return NativeArrays.flows(m, flows, card.width(), card.height());
    }

    private Forward forward(NDManager m, List<Step> steps, NDArray flowOverride) {
        int past = pastFrames();
        List<NDList> perStep = new ArrayList<>();
        NDList previous = new NDList();
        NDList foreground = new NDList();
        for (Step s : steps) {
            List<RgbImage> outs = SequenceInputs.padOldest(s.pastOutputs(), past);
            List<LabelFrame> labs = new ArrayList<>(SequenceInputs.padOldest(s.pastLabels(), past));
            labs.add(s.labels());
            List<NDArray> images = new ArrayList<>();
            for (RgbImage o : outs) {
                images.add(ImageTensors.toTensor(m, o));
            }
            perStep.add(generator.inferenceInputs(m, labs, images));
            previous.add(images.get(images.size() - 1));
            NDArray fg = inputs.foregroundMask(m, s.labels());
            if (fg != null) {
                foreground.add(fg);
            }
        }
        NDList batched = new NDList();
        for (int k = 0; k < perStep.get(0).size(); k++) {
            NDList position = new NDList();
            for (NDList in : perStep) {
                position.add(in.get(k));
            }
            batched.add(batch(position));
        }
        SequentialGenerator.Outputs out = generator.generate(new ParameterStore(m, false), batched, false);
        NDArray flow = flowOverride != null ? flowOverride
                : card.vid2vid().flow() == Vid2VidConfig.FlowSource.LABELS ? labelFlows(m, steps) : out.flow();
        Composition.Result r = Composition.compose(batch(previous), out.hallucinated(), out.foreground(), flow, out.mask(),
                foreground.isEmpty() ? null : batch(foreground), card.vid2vid().warp());
        return new Forward(out, flow, r.image());
    }

    /**
     * The steps' inputs stacked on the batch axis. One step's input is passed as it is: DJL's {@code NDArrays.concat}
     * of one array duplicates it, and the real-time model's labels are 14 MB (measured by {@code bench --profile}:
     * 24 ms a frame in that copy, under load).
     */
    private static NDArray batch(NDList arrays) {
        return arrays.size() == 1 ? arrays.get(0) : NDArrays.concat(arrays, 0);
    }

    @Override
    public void close() {
        manager.close();
    }
}
