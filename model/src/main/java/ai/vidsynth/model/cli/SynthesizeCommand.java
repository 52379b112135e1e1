package ai.vidsynth.model.cli;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Pix2PixHDRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "synthesize", mixinStandardHelpOptions = true,
        description = "Turn one label PNG (+ instance PNG) into an image with a pix2pixHD model.")
public final class SynthesizeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model folder (with model-card.json)")
    Path model;

    @Option(names = "--labels", required = true, description = "8-bit label id PNG")
    Path labels;

    @Option(names = "--instances", description = "8- or 16-bit instance id PNG")
    Path instances;

    @Option(names = "--out", required = true, description = "output PNG")
    Path out;

    @Option(names = "--seed", description = "pick each class's style cluster at random from this seed")
    Long seed;

    @Option(names = "--style", split = ",", description = "per-class cluster choice, e.g. 26=3,7=1 (label id=cluster)")
    Map<Integer, Integer> style = new TreeMap<>();

    @Override
    public Integer call() throws Exception {
        try (Pix2PixHDRuntime runtime = Pix2PixHDRuntime.load(model)) {
            LabelFrame frame = LabelPngs.read(labels, instances)
                    .resizedNearest(runtime.card().width(), runtime.card().height());
            long t0 = System.nanoTime();
            RgbImage image = runtime.synthesize(frame, new StyleClusters.Choice(seed, style));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            image.writePng(out);
            System.out.printf("wrote %s (%dx%d, %d ms, model %s)%n", out, image.width(), image.height(), ms,
                    runtime.card().fullId());
        }
        return 0;
    }
}
