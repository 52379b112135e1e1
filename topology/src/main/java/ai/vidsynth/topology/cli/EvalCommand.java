package ai.vidsynth.topology.cli;

import ai.vidsynth.model.cli.SequenceRun;
import ai.vidsynth.model.eval.QualityEvaluation;
import ai.vidsynth.model.eval.QualityGoal;
import ai.vidsynth.model.eval.QualityReport;
import ai.vidsynth.model.eval.SharpnessPlot;
import ai.vidsynth.model.eval.Segmenter;
import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.runtime.ModelCard;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.Synthesizers;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.io.PublishedFrames;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Quality of synthesized frames for a labelled sequence folder: the segmenter's mean IoU and pixel",
                "accuracy against the input labels (and on the real frames where the folder has images/, with the ratio),",
                "temporal stability and sharpness, IoU per class. The frames come from a model run here exactly as the",
                "stream runs it (--model), from a folder written by sink (--outputs), or from the output topic (--topic)."})
public final class EvalCommand implements Callable<Integer> {

    /** Where the frames to judge come from: exactly one. */
    static final class Source {
        @Option(names = "--model", split = ",", description = "synthesize with these model folders (pix2pixHD per frame, or vid2vid"
                + " sequentially)")
        List<Path> models;

        @Option(names = "--outputs", description = "folder written by sink: <outputs>/<video>/<frameIndex>.png")
        Path outputs;

        @Option(names = "--topic", description = "read the frames from the service's output topic (bootstrap servers and registry"
                + " from the usual settings)")
        boolean topic;
    }

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--folder", required = true, split = ",", description = "sequence folder(s): labels/, instances/, optional images/")
    List<Path> folders;

    @Option(names = "--video-id", description = "video id of --outputs or --topic frames, for one folder (default: the folder's name,"
            + " as feed uses)")
    String videoId;

    @Option(names = "--frames", defaultValue = "30", description = "frames from the start, default ${DEFAULT-VALUE}")
    int frames;

    @Option(names = "--segmenter", defaultValue = "models/segmenter-256x128", description = "segmenter model folder, default ${DEFAULT-VALUE}")
    Path segmenterDir;

    @Option(names = "--idle-timeout-s", defaultValue = "20", description = "--topic: give up after this long without records, default ${DEFAULT-VALUE}")
    int idleTimeout;

    @Option(names = "--json", description = "print the report as JSON instead of tables (an array when there are several)")
    boolean json;

    @Option(names = "--sharpness-plot", paramLabel = "PNG", description = "also draw every source's sharpness by frame index "
            + "(and the camera frames') as a line chart")
    Path sharpnessPlot;

    @Override
    public Integer call() throws Exception {
        List<QualityReport> reports = new ArrayList<>();
        List<String> seenBySegmenter = new ArrayList<>();
        try (Segmenter segmenter = Segmenter.load(segmenterDir)) {
            ModelCard.Training trained = segmenter.card().training();
            for (Path folder : folders) {
                if (trained != null && trained.includesSequence(folder.getFileName().toString())) {
                    seenBySegmenter.add(folder.getFileName() + " (" + segmenter.card().fullId() + ")");
                }
            }
            QualityEvaluation evaluation = new QualityEvaluation(segmenter);
            for (Path folder : folders) {
                if (source.models != null) {
                    for (Path model : source.models) {
                        try (Synthesizer s = Synthesizers.open(model)) {
                            SequenceRun run = SequenceRun.of(s, folder, frames);
                            reports.add(evaluation.evaluate(folder.toString(), "model " + s.modelId(), run.labels(), run.outputs(),
                                    run.real()));
                        }
                    }
                } else {
                    reports.add(published(evaluation, folder));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (sharpnessPlot != null) {
            SharpnessPlot.write(reports, "sharpness by frame: " + folders.stream().map(f -> f.getFileName().toString())
                    .collect(java.util.stream.Collectors.joining(", ")), sharpnessPlot);
            System.err.println("wrote " + sharpnessPlot);
        }
        if (json) {
            out.println(reports.size() == 1 ? reports.get(0).toJson() : QualityReport.toJson(reports));
        } else {
            reports.forEach(r -> out.println(r.toTable()));
            if (reports.size() > 1) {
                out.print(QualityReport.summaryTable(reports));
            }
            String goal = QualityGoal.DEFAULT_MODEL.table(reports);
            if (!goal.isEmpty()) {
                out.println();
                out.println("Against the default model's goal (ratios to the camera frames; bold: missed):");
                out.println();
                out.print(goal);
            }
        }
        if (!seenBySegmenter.isEmpty()) {
            // Measured on seq0004: the shipped segmenter scores its camera frames 0.341 mIoU, one that held them out
            // 0.232 (docs/eval.md), so a held-out generator's ratio read 0.69 where it was 0.89.
            (json ? new PrintWriter(System.err, true) : out).println(System.lineSeparator() + "Note: the segmenter was trained on the camera "
                    + "frames of " + String.join(", ", seenBySegmenter) + ": its score on them is a training score, and the mean IoU ratio "
                    + "understates a generator that has not seen them. To score a sequence held out from a generator, use a segmenter "
                    + "that held it out too (train-segmenter --hold-out NAME, then --segmenter).");
        }
        out.flush();
        return 0;
    }

    /** The report on what the deployment published for the folder's video (sink folder or topic). */
    private QualityReport published(QualityEvaluation evaluation, Path folder) throws IOException {
        if (videoId != null && folders.size() > 1) {
            throw new IllegalArgumentException("--video-id names one video; give one --folder with it");
        }
        String video = videoId != null ? videoId : folder.getFileName().toString();
        int count = Math.min(frames, CityscapesMini.frames(folder).size());
        if (source.outputs != null) {
            return evaluate(evaluation, folder, "sink folder " + source.outputs.resolve(video),
                    PublishedFrames.fromSinkFolder(source.outputs, video, count));
        }
        ServiceConfig config = options.load();
        return evaluate(evaluation, folder, "topic " + config.outputTopic() + " (video " + video + ")",
                PublishedFrames.fromTopic(config, video, count, Duration.ofSeconds(idleTimeout)));
    }

    /** Scores frames made elsewhere against the folder's labels (and real frames), at the frames' size. */
    private static QualityReport evaluate(QualityEvaluation evaluation, Path folder, String from, List<RgbImage> published)
            throws IOException {
        int w = published.get(0).width();
        int h = published.get(0).height();
        List<CityscapesMini.FrameFiles> files = CityscapesMini.frames(folder);
        List<LabelFrame> labels = new ArrayList<>();
        List<RgbImage> real = new ArrayList<>();
        for (int i = 0; i < published.size(); i++) {
            CityscapesMini.FrameFiles f = files.get(i);
            labels.add(LabelPngs.read(f.labels(), f.instances()).resizedNearest(w, h));
            if (f.image() != null) {
                real.add(RgbImage.read(f.image()).resized(w, h));
            }
        }
        return evaluation.evaluate(folder.toString(), from, labels, published, real.size() == published.size() ? real : List.of());
    }
}
