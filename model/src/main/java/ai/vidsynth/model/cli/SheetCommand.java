package ai.vidsynth.model.cli;

import ai.vidsynth.model.image.ContactSheet;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelColours;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Pix2PixHDRuntime;
import ai.vidsynth.model.train.CityscapesMini;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sheet", mixinStandardHelpOptions = true,
        description = "Side-by-side sheet: label | pix2pixHD output (one column per style) | real frame where there is one.")
public final class SheetCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "pix2pixHD model folder")
    Path model;

    @Option(names = "--folder", required = true, split = ",",
            description = "frame folders (with labels/, instances/, optional images/)")
    List<Path> folders;

    @Option(names = "--frames", split = ",", defaultValue = "0", description = "frame indices within each folder, default 0")
    List<Integer> frames;

    @Option(names = "--style", split = ";",
            description = "one output column per style: e.g. '26=0;26=3' (label=cluster, comma-separated within a style)")
    List<String> styles = new ArrayList<>();

    @Option(names = "--out", required = true, description = "sheet PNG to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (Pix2PixHDRuntime runtime = Pix2PixHDRuntime.load(model)) {
            int w = runtime.card().width();
            int h = runtime.card().height();
            List<StyleClusters.Choice> choices = new ArrayList<>();
            if (styles.isEmpty()) {
                choices.add(StyleClusters.Choice.DEFAULT);
            }
            for (String s : styles) {
                Map<Integer, Integer> perClass = new TreeMap<>();
                for (String kv : s.split(",")) {
                    String[] p = kv.split("=");
                    perClass.put(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
                }
                choices.add(new StyleClusters.Choice(null, perClass));
            }
            ContactSheet sheet = new ContactSheet();
            for (Path folder : folders) {
                List<CityscapesMini.FrameFiles> files = CityscapesMini.frames(folder);
                for (int index : frames) {
                    CityscapesMini.FrameFiles f = files.get(index);
                    LabelFrame frame = LabelPngs.read(f.labels(), f.instances()).resizedNearest(w, h);
                    List<RgbImage> row = new ArrayList<>();
                    row.add(LabelColours.paint(frame, runtime.card().pix2pixhd().labels()));
                    for (StyleClusters.Choice c : choices) {
                        row.add(runtime.synthesize(frame, c));
                    }
                    if (f.image() != null) {
                        row.add(RgbImage.read(f.image()).resized(w, h));
                    }
                    sheet.addRow(row);
                }
            }
            sheet.render().writePng(out);
            System.out.println("wrote " + out);
        }
        return 0;
    }
}
