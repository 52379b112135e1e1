package ai.vidsynth.model.cli;

import ai.vidsynth.model.image.AnimatedGif;
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

@Command(name = "synthesize-sequence", mixinStandardHelpOptions = true,
        description = {"Synthesize a folder of label maps (labels/, instances/) frame by frame, exactly as the stream does",
                "(first frame pix2pixHD, then vid2vid with the past frames), to PNGs and an animated GIF."})
public final class SynthesizeSequenceCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "vid2vid model folder (or a pix2pixHD one: every frame alone)")
    Path model;

    @Option(names = "--folder", required = true, description = "sequence folder")
    Path folder;

    @Option(names = "--out", required = true, description = "output folder for NNNNNN.png and sequence.gif")
    Path out;

    @Option(names = "--frames", defaultValue = "1000000", description = "at most this many frames")
    int frames;

    @Option(names = "--fps", defaultValue = "8", description = "GIF frame rate, default ${DEFAULT-VALUE}")
    int fps;

    @Override
    public Integer call() throws Exception {
        try (Synthesizer s = Synthesizers.open(model)) {
            List<RgbImage> images = new ArrayList<>();
            VideoState state = VideoState.EMPTY;
            List<CityscapesMini.FrameFiles> files = CityscapesMini.frames(folder);
            long total = 0;
            for (int i = 0; i < Math.min(frames, files.size()); i++) {
                LabelFrame f = LabelPngs.read(files.get(i).labels(), files.get(i).instances()).resizedNearest(s.width(), s.height());
                long t0 = System.nanoTime();
                Synthesizer.Synthesis syn = s.next(state, f, StyleClusters.Choice.DEFAULT);
                total += System.nanoTime() - t0;
                state = syn.next();
                syn.image().writePng(out.resolve(String.format("%06d.png", i)));
                images.add(syn.image());
            }
            AnimatedGif.write(images, 1000 / fps, out.resolve("sequence.gif"));
            System.out.printf("%d frames of %s with %s -> %s (%.0f ms per frame)%n", images.size(), folder, s.modelId(), out,
                    total / 1e6 / Math.max(1, images.size()));
        }
        return 0;
    }

}
