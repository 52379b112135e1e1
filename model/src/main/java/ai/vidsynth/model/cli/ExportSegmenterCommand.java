package ai.vidsynth.model.cli;

import ai.vidsynth.model.runtime.ModelCard;
import ai.vidsynth.model.train.SegmenterExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export-segmenter", mixinStandardHelpOptions = true,
        description = "Write a trained segmenter as fp16 weights + model card.")
public final class ExportSegmenterCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "training run folder")
    Path run;

    @Option(names = "--held-out-run", description = "run that held sequences out, whose scores go in the card (default: --run's own)")
    Path heldOutRun;

    @Option(names = "--out", required = true, description = "model folder to write")
    Path out;

    @Option(names = "--id", defaultValue = "segmenter-256x128", description = "model id, default ${DEFAULT-VALUE}")
    String id;

    @Override
    public Integer call() throws Exception {
        ModelCard card = SegmenterExport.export(run, out, id, heldOutRun);
        System.out.printf("wrote %s to %s (evaluation %s)%n", card.fullId(), out, card.evaluation());
        return 0;
    }
}
