package ai.vidsynth.model.cli;

import ai.vidsynth.model.image.AnimatedGif;
import ai.vidsynth.model.image.Mp4Video;
import ai.vidsynth.model.image.ContactSheet;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelColours;
import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.Synthesizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Side-by-side views of several models on one sequence, each stepped through it as the stream does it. */
@Command(name = "compare-sequence", mixinStandardHelpOptions = true,
        description = {"Several models on one label sequence, side by side: a sheet of consecutive frames (one row",
                "for the labels, one per model, one for the camera frames where the folder has them) and an",
                "animated GIF whose every frame is label | model 1 | model 2 | ... | camera."})
public final class CompareSequenceCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, split = ",", description = "model folders (pix2pixHD and/or vid2vid)")
    List<Path> models;

    @Option(names = "--folder", required = true, description = "sequence folder (labels/, instances/, optional images/)")
    Path folder;

    @Option(names = "--frames", defaultValue = "30", description = "frames from the start, default ${DEFAULT-VALUE}")
    int frames;

    @Option(names = "--columns", defaultValue = "6", description = "consecutive frames on the sheet, default ${DEFAULT-VALUE}")
    int columns;

    @Option(names = "--sheet", description = "sheet PNG to write")
    Path sheet;

    @Option(names = "--gif", description = "side-by-side animated GIF to write")
    Path gif;

    @Option(names = "--mp4", description = "the same side-by-side animation as an H.264 MP4")
    Path mp4;

    @Option(names = "--fps", defaultValue = "8", description = "GIF and MP4 frame rate, default ${DEFAULT-VALUE}")
    int fps;

    @Option(names = "--outputs-only", description = {"only the models' frames: no label maps, no camera frames. For pictures to",
            "publish, since those inputs are Cityscapes data, whose terms forbid redistribution"})
    boolean outputsOnly;

    @Override
    public Integer call() throws Exception {
        List<SequenceRun> runs = new ArrayList<>();
        LabelSet labelSet = null;
        for (Path model : models) {
            try (Synthesizer s = Synthesizers.open(model)) {
                labelSet = s.labels();
                runs.add(SequenceRun.of(s, folder, frames));
                System.out.printf("%s: %d frames%n", s.modelId(), runs.get(runs.size() - 1).outputs().size());
            }
        }
        SequenceRun first = runs.get(0);
        LabelSet colours = labelSet;
        if (sheet != null) {
            ContactSheet grid = new ContactSheet();
            int n = Math.min(columns, first.outputs().size());
            if (!outputsOnly) {
                grid.addRow(first.labels().subList(0, n).stream().map(l -> LabelColours.paint(l, colours)).toList());
            }
            for (SequenceRun r : runs) {
                grid.addRow(r.outputs().subList(0, n));
            }
            if (first.hasReal() && !outputsOnly) {
                grid.addRow(first.real().subList(0, n));
            }
            write(grid.render(), sheet);
        }
        if (gif != null || mp4 != null) {
            List<RgbImage> animation = new ArrayList<>();
            for (int t = 0; t < first.outputs().size(); t++) {
                List<RgbImage> row = new ArrayList<>();
                if (!outputsOnly) {
                    row.add(LabelColours.paint(first.labels().get(t), colours));
                }
                for (SequenceRun r : runs) {
                    row.add(r.outputs().get(t));
                }
                if (first.hasReal() && !outputsOnly) {
                    row.add(first.real().get(t));
                }
                animation.add(new ContactSheet().addRow(row).render());
            }
            if (gif != null) {
                AnimatedGif.write(animation, 1000 / fps, gif);
                System.out.println("wrote " + gif);
            }
            if (mp4 != null) {
                Mp4Video.write(animation, fps, mp4);
                System.out.println("wrote " + mp4);
            }
        }
        return 0;
    }

    private static void write(RgbImage image, Path file) throws java.io.IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        image.writePng(file);
        System.out.println("wrote " + file);
    }
}
