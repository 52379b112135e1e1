package ai.vidsynth.model.cli;

import ai.vidsynth.model.eval.FlowCheck;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.runtime.Pix2PixHDRuntime;
import ai.vidsynth.model.runtime.Vid2VidRuntime;
import ai.vidsynth.model.train.CityscapesMini;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "flow-check", mixinStandardHelpOptions = true,
        description = {"Where a vid2vid model's flicker comes from, on a sequence with camera frames: per class, the mask",
                "(how much is painted anew) and the model's flow against the camera frames' Farneback flow; and the",
                "sequence generated as the stream runs it and again with the camera frames' flow in place of the model's."})
public final class FlowCheckCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "vid2vid model folder")
    Path model;

    @Option(names = "--folder", required = true, description = "sequence folder with images/ (camera frames)")
    Path folder;

    @Option(names = "--frames", defaultValue = "30", description = "frames from the start, default ${DEFAULT-VALUE}")
    int frames;

    @Override
    public Integer call() throws Exception {
        try (Vid2VidRuntime v = Vid2VidRuntime.load(model);
                Pix2PixHDRuntime first = Pix2PixHDRuntime.load(model.resolve(v.card().firstFrameModel()).normalize())) {
            int w = v.card().width();
            int h = v.card().height();
            List<LabelFrame> labels = new ArrayList<>();
            List<RgbImage> real = new ArrayList<>();
            for (CityscapesMini.FrameFiles f : CityscapesMini.frames(folder)) {
                if (labels.size() == frames) {
                    break;
                }
                if (f.image() == null) {
                    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), folder + " has no camera frame for " + f.labels());
                }
                labels.add(LabelPngs.read(f.labels(), f.instances()).resizedNearest(w, h));
                real.add(RgbImage.read(f.image()).resized(w, h));
            }
            System.out.printf("%s on %s%n", v.card().fullId(), folder.getFileName());
            System.out.print(FlowCheck.run(first, v, labels, real).toTable());
        }
        return 0;
    }
}
