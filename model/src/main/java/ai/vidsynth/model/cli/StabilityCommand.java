package ai.vidsynth.model.cli;

import ai.vidsynth.model.eval.TemporalMetrics;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.Synthesizers;
import ai.vidsynth.model.runtime.VideoState;
import ai.vidsynth.model.train.CityscapesMini;
import java.nio.file.Path;
import java.util.ArrayList;
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
        List<CityscapesMini.FrameFiles> files = CityscapesMini.frames(folder);
        System.out.printf("%-40s %14s %14s %10s%n", "frames of " + folder.getFileName(), "label-stable", "flow-warped", "sharpness");
        for (Path model : models) {
            try (Synthesizer s = Synthesizers.open(model)) {
                List<LabelFrame> labels = new ArrayList<>();
                List<RgbImage> out = new ArrayList<>();
                List<RgbImage> real = new ArrayList<>();
                VideoState state = VideoState.EMPTY;
                for (int i = 0; i < Math.min(frames, files.size()); i++) {
                    LabelFrame f = LabelPngs.read(files.get(i).labels(), files.get(i).instances()).resizedNearest(s.width(), s.height());
                    Synthesizer.Synthesis syn = s.next(state, f, StyleClusters.Choice.DEFAULT);
                    state = syn.next();
                    labels.add(f);
                    out.add(syn.image());
                    if (files.get(i).image() != null) {
                        real.add(RgbImage.read(files.get(i).image()).resized(s.width(), s.height()));
                    }
                }
                print(s.modelId(), out, labels, real.size() == out.size() ? real : null);
                if (real.size() == out.size() && model.equals(models.get(models.size() - 1))) {
                    print("real camera frames", real, labels, real);
                }
            }
        }
        return 0;
    }

    private static void print(String name, List<RgbImage> frames, List<LabelFrame> labels, List<RgbImage> real) {
        String warped = real == null ? "n/a" : String.format("%.2f", TemporalMetrics.flowWarpedDifference(frames, real));
        System.out.printf("%-40s %14.2f %14s %10.2f%n", name, TemporalMetrics.labelStableDifference(frames, labels), warped,
                TemporalMetrics.sharpness(frames));
    }
}
