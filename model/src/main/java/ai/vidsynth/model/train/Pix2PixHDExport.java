package ai.vidsynth.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.vidsynth.model.image.ImageTensors;
import ai.vidsynth.model.labels.InstanceIds;
import ai.vidsynth.model.nn.WeightFiles;
import ai.vidsynth.model.pix2pixhd.FeatureEncoder;
import ai.vidsynth.model.pix2pixhd.Generators;
import ai.vidsynth.model.pix2pixhd.ImageGenerator;
import ai.vidsynth.model.pix2pixhd.InstancePooling;
import ai.vidsynth.model.pix2pixhd.KMeans;
import ai.vidsynth.model.pix2pixhd.Pix2PixHDConfig;
import ai.vidsynth.model.runtime.ModelCard;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the last stage's checkpoint into a shipped model: fp16 generator and encoder weights, per-class
 * k-means centres of the encoder's instance features over the training set, and the model card.
 */
public final class Pix2PixHDExport {

    private Pix2PixHDExport() {}

    /**
     * @param stageRuns the run folders of every stage in order; the last one's weights are exported
     */
    public static ModelCard export(List<Path> stageRuns, Path out, String id, int clustersPerClass,
            List<TrainingExample> examples, PrintStream log) throws IOException {
        List<ModelCard.Stage> stages = new ArrayList<>();
        Pix2PixHDTrainer.State last = null;
        List<String> vggFiles = new ArrayList<>();
        for (Path run : stageRuns) {
            last = new Checkpoints(run).loadState(Pix2PixHDTrainer.State.class);
            if (last.vgg() != null) {
                vggFiles.add(last.stage().toLowerCase() + ": " + last.vgg());
            }
            stages.add(new ModelCard.Stage(last.stage().toLowerCase(), last.width(), last.height(), last.step(),
                    Math.round(last.wallSeconds()), last.losses()));
        }
        Pix2PixHDConfig config = last.config();
        Checkpoints ckpt = new Checkpoints(stageRuns.get(stageRuns.size() - 1));
        Files.createDirectories(out);
        Map<Integer, float[][]> clusters = new TreeMap<>();
        try (NDManager root = NDManager.newBaseManager()) {
            ImageGenerator g = Generators.build(config);
            g.initialize(root, DataType.FLOAT32, new Shape(1, config.generatorInputChannels(), last.height(), last.width()));
            ckpt.loadBlock("G", g, root);
            WeightFiles.save(g, out.resolve("generator.fp16"));
            if (config.featureChannels() > 0) {
                SequentialBlock e = FeatureEncoder.of(config);
                e.initialize(root, DataType.FLOAT32, new Shape(1, 3, last.height(), last.width()));
                ckpt.loadBlock("E", e, root);
                WeightFiles.save(e, out.resolve("encoder.fp16"));
                clusters = clusterFeatures(root, e, examples, clustersPerClass, log);
            }
        }
        List<String> data = examples.stream().map(TrainingExample::name).toList();
        ModelCard card = new ModelCard(id, ModelCard.KIND_PIX2PIXHD, 1, last.width(), last.height(), config, null, null, null,
                config.featureChannels() > 0
                        ? Map.of("generator", "generator.fp16", "encoder", "encoder.fp16")
                        : Map.of("generator", "generator.fp16"),
                clusters,
                new ModelCard.Training(List.of("cityscapes-mini: sequences seq0000-seq0004 (camera frames) + stills/train"),
                        data.size(), stages,
                        vggFiles.isEmpty()
                                ? "none: no VGG19 ImageNet weights can be obtained offline; trained with LSGAN + feature matching only"
                                : "VGG19 (weight 10) from " + String.join(", ", vggFiles),
                        "CPU, 2 cores (DJL " + ai.djl.engine.Engine.getInstance().getVersion() + ")"),
                null,
                "Trained on " + data.size() + " frames; expect the look of Aachen streets, not general photorealism.");
        card.write(out);
        return card;
    }

    /** pix2pixHD's feature clustering: every training instance's mean encoder feature, k-means per class. */
    static Map<Integer, float[][]> clusterFeatures(NDManager root, SequentialBlock e, List<TrainingExample> examples,
            int k, PrintStream log) {
        Map<Integer, List<float[]>> perClass = new TreeMap<>();
        for (TrainingExample ex : examples) {
            try (NDManager m = root.newSubManager()) {
                NDArray f = e.forward(new ParameterStore(m, false), new NDList(ImageTensors.toTensor(m, ex.image())), false)
                        .singletonOrThrow();
                InstancePooling pooling = new InstancePooling(ex.labels().instancesOrLabels(), ex.labels().width(), ex.labels().height());
                NDArray means = pooling.perInstance(f);
                int channels = (int) means.getShape().get(0);
                float[] flat = means.toFloatArray();
                int[] ids = pooling.instances();
                for (int j = 0; j < ids.length; j++) {
                    float[] v = new float[channels];
                    for (int c = 0; c < channels; c++) {
                        v[c] = flat[c * ids.length + j];
                    }
                    perClass.computeIfAbsent(InstanceIds.classOf(ids[j]), x -> new ArrayList<>()).add(v);
                }
            }
        }
        Map<Integer, float[][]> out = new TreeMap<>();
        perClass.forEach((cls, pts) -> out.put(cls, KMeans.fit(pts, k, 1234L + cls, 50)));
        log.printf("clustered instance features of %d classes (%d instances)%n", out.size(),
                perClass.values().stream().mapToInt(List::size).sum());
        return out;
    }
}
