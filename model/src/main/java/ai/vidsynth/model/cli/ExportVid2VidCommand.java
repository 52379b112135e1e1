package ai.vidsynth.model.cli;

import ai.vidsynth.model.nn.Warp;
import ai.vidsynth.model.runtime.ModelCard;
import ai.vidsynth.model.train.Vid2VidExport;
import ai.vidsynth.model.vid2vid.Vid2VidConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export-vid2vid", mixinStandardHelpOptions = true,
        description = "Write a trained vid2vid generator as fp16 weights + model card.")
public final class ExportVid2VidCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "training run folder")
    Path run;

    @Option(names = "--out", required = true, description = "model folder to write")
    Path out;

    @Option(names = "--id", required = true, description = "model id, e.g. vid2vid-256x128")
    String id;

    @Option(names = "--first-frame-model", defaultValue = "../pix2pixhd-global-256x128",
            description = "pix2pixHD model for first frames, relative to --out, default ${DEFAULT-VALUE}")
    String firstFrameModel;

    @Option(names = "--coarse-model", defaultValue = "../vid2vid-256x128",
            description = "a coarse-to-fine run's coarse scale: the one-scale vid2vid model it was trained on, relative to --out,"
                    + " default ${DEFAULT-VALUE}")
    String coarseModel;

    @Option(names = "--version", defaultValue = "1", description = "the card's version (part of the model id frames carry), default ${DEFAULT-VALUE}")
    int version;

    @Option(names = "--warp", description = "how the previous frame is sampled when warped (${COMPLETION-CANDIDATES}), default: the run's")
    Warp.Interpolation warp;

    @Option(names = "--flow", description = "where the warping flow comes from when the model runs (${COMPLETION-CANDIDATES}),"
            + " default: the run's (GENERATOR: the flow head; LABELS: the label maps' own motion)")
    Vid2VidConfig.FlowSource flow;

    @Option(names = "--note", description = "a sentence added to the model card's notes (how the run went, say)")
    String note;

    @Override
    public Integer call() throws Exception {
        ModelCard card = Vid2VidExport.export(run, out, id, version, firstFrameModel, coarseModel, warp, flow, note);
        System.out.printf("wrote %s to %s%n", card.fullId(), out);
        return 0;
    }
}
