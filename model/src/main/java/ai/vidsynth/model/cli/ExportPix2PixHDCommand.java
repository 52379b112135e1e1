package ai.vidsynth.model.cli;

import ai.vidsynth.model.runtime.ModelCard;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.model.train.Checkpoints;
import ai.vidsynth.model.train.Pix2PixHDExport;
import ai.vidsynth.model.train.Pix2PixHDTrainer;
import ai.vidsynth.model.train.TrainingExample;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export-pix2pixhd", mixinStandardHelpOptions = true,
        description = "Write a trained pix2pixHD (last stage's checkpoint) as fp16 weights + k-means style clusters + model card.")
public final class ExportPix2PixHDCommand implements Callable<Integer> {

    @Option(names = "--runs", required = true, split = ",", description = "run folders of the stages, in order")
    List<Path> runs;

    @Option(names = "--out", required = true, description = "model folder to write")
    Path out;

    @Option(names = "--id", required = true, description = "model id, e.g. pix2pixhd-global-256x128")
    String id;

    @Option(names = "--clusters", defaultValue = "10", description = "k-means centres per class, default ${DEFAULT-VALUE}")
    int clusters;

    @Option(names = "--data", description = "cityscapes-mini folder, default ../shared/data/cityscapes-mini")
    Path data;

    @Override
    public Integer call() throws Exception {
        Pix2PixHDTrainer.State last = new Checkpoints(runs.get(runs.size() - 1)).loadState(Pix2PixHDTrainer.State.class);
        CityscapesMini mini = new CityscapesMini(data != null ? data : CityscapesMini.defaultRoot());
        List<TrainingExample> examples = CityscapesMini.load(mini.pix2pixTrainingFrames(), last.width(), last.height());
        ModelCard card = Pix2PixHDExport.export(runs, out, id, clusters, examples, System.out);
        System.out.printf("wrote %s (%s, %dx%d) to %s%n", card.id(), card.kind(), card.width(), card.height(), out);
        return 0;
    }
}
