package ai.vidsynth.model.cli;

import ai.vidsynth.model.image.AnimatedGif;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.Synthesizers;
import java.nio.file.Files;
import java.nio.file.Path;
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
            Files.createDirectories(out);
            SequenceRun run = SequenceRun.of(s, folder, frames);
            for (int i = 0; i < run.outputs().size(); i++) {
                run.outputs().get(i).writePng(out.resolve(String.format("%06d.png", i)));
            }
            AnimatedGif.write(run.outputs(), 1000 / fps, out.resolve("sequence.gif"));
            System.out.printf("%d frames of %s with %s -> %s (first frame %.0f ms, later frames median %.0f ms)%n",
                    run.outputs().size(), folder, s.modelId(), out, run.nanos().get(0) / 1e6, run.laterFramesMedianMs());
        }
        return 0;
    }

}
