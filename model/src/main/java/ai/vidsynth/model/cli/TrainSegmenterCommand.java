package ai.vidsynth.model.cli;

import ai.vidsynth.model.eval.SegmenterConfig;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.model.train.SegmenterTrainer;
import ai.vidsynth.model.train.TrainingExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-segmenter", mixinStandardHelpOptions = true,
        description = {"Train the evaluation segmenter (19 Cityscapes trainIds) on the real frames of the training sequences",
                "and stills/train; sequences named by --hold-out are left out and scored at the end. Resumes from --run."})
public final class TrainSegmenterCommand implements Callable<Integer> {

    @Option(names = "--size", converter = Size.Converter.class, defaultValue = "256x128",
            description = "resolution (the synthesis models'), default ${DEFAULT-VALUE}")
    Size size;

    @Option(names = "--steps", defaultValue = "1500", description = "total steps, default ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--batch", defaultValue = "4", description = "frames per step, default ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--hold-out", split = ",", description = "training sequences to leave out and score on, e.g. seq0004")
    List<String> holdOut = new ArrayList<>();

    @Option(names = "--run", required = true, description = "run folder: checkpoints go here, and resume from here")
    Path run;

    @Option(names = "--data", description = "cityscapes-mini folder, default ../shared/data/cityscapes-mini")
    Path data;

    @Option(names = "--seed", defaultValue = "5", description = "initialization and batch order, default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate, default ${DEFAULT-VALUE}")
    float learningRate;

    @Option(names = "--checkpoint-every", defaultValue = "100", description = "steps between checkpoints, default ${DEFAULT-VALUE}")
    int checkpointEvery;

    @Option(names = "--log-every", defaultValue = "20", description = "steps between progress lines off a terminal, default ${DEFAULT-VALUE}")
    int logEvery;

    @Option(names = "--session-steps", defaultValue = "0", description = "stop after this many steps (checkpointed); 0 = run to --steps")
    int sessionSteps;

    @Override
    public Integer call() throws Exception {
        CityscapesMini mini = new CityscapesMini(data != null ? data : CityscapesMini.defaultRoot());
        CityscapesMini.trainingSequences(holdOut); // refuses a name that is not a training sequence
        List<TrainingExample> train = new ArrayList<>();
        List<TrainingExample> heldOut = new ArrayList<>();
        List<String> trainedOn = new ArrayList<>();
        for (String s : CityscapesMini.TRAIN_SEQUENCES) {
            List<TrainingExample> frames = CityscapesMini.load(CityscapesMini.frames(mini.sequence(s)), size.width(), size.height());
            if (holdOut.contains(s)) {
                heldOut.addAll(frames);
            } else {
                train.addAll(frames);
                trainedOn.add("sequences/" + s);
            }
        }
        List<CityscapesMini.FrameFiles> stills = CityscapesMini.frames(mini.root().resolve("stills").resolve("train"));
        stills.removeIf(f -> f.image() == null);
        train.addAll(CityscapesMini.load(stills, size.width(), size.height()));
        trainedOn.add("stills/train");
        System.out.printf("segmenter at %s: %d training frames (%s), %d held out (%s)%n", size, train.size(), trainedOn,
                heldOut.size(), holdOut);
        SegmenterTrainer.Options o = new SegmenterTrainer.Options(SegmenterConfig.standard(), size.width(), size.height(), steps,
                batch, run, seed, learningRate, checkpointEvery, logEvery, sessionSteps);
        SegmenterTrainer.State s = new SegmenterTrainer(o, train, trainedOn, heldOut, holdOut, System.out).run();
        System.out.printf("done: %d steps, %.0f s, losses %s, held-out scores %s%n", s.step(), s.wallSeconds(), s.losses(),
                s.heldOutScores());
        return 0;
    }
}
