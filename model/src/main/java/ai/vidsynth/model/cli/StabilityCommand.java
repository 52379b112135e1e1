package ai.vidsynth.model.cli;

import ai.vidsynth.model.eval.TemporalMetrics;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.Synthesizers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stability", mixinStandardHelpOptions = true,
        description = {"Temporal stability and sharpness of a model's output on a sequence, synthesized frame by frame as",
                "the stream does it: consecutive-frame difference where labels did not change, difference after",
                "warping by the real frames' optical flow (where the folder has images/), mean gradient magnitude."})
public final class StabilityCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, split = ",", description = "model folder(s): pix2pixHD and/or vid2vid")
    List<Path> models;

    @Option(names = "--folder", required = true, description = "sequence folder (labels/, instances/, optional images/)")
    Path folder;

    @Option(names = "--frames", defaultValue = "30", description = "frames from the start, default ${DEFAULT-VALUE}")
    int frames;

    @Override
    public Integer call() throws Exception {
        System.out.printf("%-40s %14s %14s %10s%n", "frames of " + folder.getFileName(), "label-stable", "flow-warped", "sharpness");
        SequenceRun last = null;
        for (Path model : models) {
            try (Synthesizer s = Synthesizers.open(model)) {
                last = SequenceRun.of(s, folder, frames);
                print(s.modelId(), last.outputs(), last.labels(), last.hasReal() ? last.real() : null);
            }
        }
        if (last != null && last.hasReal()) {
            print("real camera frames", last.real(), last.labels(), last.real());
        }
        return 0;
    }

    private static void print(String name, List<RgbImage> frames, List<LabelFrame> labels, List<RgbImage> real) {
        String warped = real == null ? "n/a" : String.format("%.2f", TemporalMetrics.flowWarpedDifference(frames, real));
        System.out.printf("%-40s %14.2f %14s %10.2f%n", name, TemporalMetrics.labelStableDifference(frames, labels), warped,
                TemporalMetrics.sharpness(frames));
    }
}
