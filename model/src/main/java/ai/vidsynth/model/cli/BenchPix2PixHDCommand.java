package ai.vidsynth.model.cli;

import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Pix2PixHDRuntime;
import ai.vidsynth.model.train.CityscapesMini;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-pix2pixhd", mixinStandardHelpOptions = true,
        description = "Inference time per frame of a pix2pixHD model (label encoding + generator + 8-bit quantization).")
public final class BenchPix2PixHDCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "pix2pixHD model folder")
    Path model;

    @Option(names = "--folder", description = "frame folder, default the shared stuttgart_00 sequence")
    Path folder;

    @Option(names = "--warmup", defaultValue = "3", description = "untimed runs first, default ${DEFAULT-VALUE}")
    int warmup;

    @Option(names = "--runs", defaultValue = "15", description = "timed runs, default ${DEFAULT-VALUE}")
    int runs;

    @Override
    public Integer call() throws Exception {
        Path dir = folder != null ? folder : CityscapesMini.defaultRoot().resolve("sequences/stuttgart_00");
        List<CityscapesMini.FrameFiles> files = CityscapesMini.frames(dir);
        try (Pix2PixHDRuntime runtime = Pix2PixHDRuntime.load(model)) {
            int w = runtime.card().width();
            int h = runtime.card().height();
            LabelFrame[] frames = new LabelFrame[files.size()];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = LabelPngs.read(files.get(i).labels(), files.get(i).instances()).resizedNearest(w, h);
            }
            for (int i = 0; i < warmup; i++) {
                runtime.synthesize(frames[i % frames.length], StyleClusters.Choice.DEFAULT);
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                runtime.synthesize(frames[i % frames.length], StyleClusters.Choice.DEFAULT);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("model %s %dx%d, %d runs after %d warm-up, threads=%s: median %.1f ms, min %.1f ms, max %.1f ms%n",
                    runtime.card().fullId(), w, h, runs, warmup,
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), ms[runs / 2], ms[0], ms[runs - 1]);
        }
        return 0;
    }
}
