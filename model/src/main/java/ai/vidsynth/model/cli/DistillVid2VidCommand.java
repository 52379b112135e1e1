package ai.vidsynth.model.cli;

import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.Synthesizers;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.model.train.TrainingExample;
import ai.vidsynth.model.train.TrainingSequence;
import ai.vidsynth.model.train.Vid2VidDistillation;
import ai.vidsynth.model.train.Vid2VidTrainer;
import ai.vidsynth.model.vid2vid.Vid2VidConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "distill-vid2vid", mixinStandardHelpOptions = true,
        description = {"Train the real-time vid2vid (Vid2VidConfig.realTime) against a teacher vid2vid model: the teacher's videos",
                "of the training sequences (and of their mirror images) are the targets. Resumes from --run."})
public final class DistillVid2VidCommand implements Callable<Integer> {

    @Option(names = "--teacher", defaultValue = "models/vid2vid-256x128", description = "teacher vid2vid model folder, default ${DEFAULT-VALUE}")
    Path teacher;

    @Option(names = "--run", required = true, description = "run folder: checkpoints go here, and resume from here")
    Path run;

    @Option(names = "--steps", defaultValue = "3000", description = "total steps, default ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--frames-per-step", defaultValue = "3", description = "frames generated per window, default ${DEFAULT-VALUE}")
    int framesPerStep;

    @Option(names = "--lr", defaultValue = "5e-4", description = "Adam learning rate, default ${DEFAULT-VALUE}")
    float learningRate;

    @Option(names = "--l1", defaultValue = "10", description = "weight of the L1 loss to the teacher's frames, default ${DEFAULT-VALUE}")
    float lambdaL1;

    @Option(names = "--lambda-grid", defaultValue = "0", description = {"weight of a loss on each generated frame's 8-pixel"
            + " lattice (what the grid column of eval measures: the transposed convolutions' phase gains), default ${DEFAULT-VALUE}"})
    float lambdaGrid;

    @Option(names = "--lambda-edges", defaultValue = "0", description = {"weight of an L1 loss between each generated frame's and the"
            + " teacher frame's amount of detail (mean luminance step per 8x8 cell), default ${DEFAULT-VALUE}: against the blur"
            + " an L1 loss alone settles on where the student cannot place the teacher's texture exactly"})
    float lambdaEdges;

    @Option(names = "--lambda-consistency", defaultValue = "0", description = {"weight of NVIDIA's generator warp loss: each"
            + " generated frame against the previous generated frame carried along the teacher frames' flow, where that flow"
            + " explains the teacher's frames, default ${DEFAULT-VALUE}"})
    float lambdaConsistency;

    @Option(names = "--adversarial", description = "also train against image and temporal discriminators (slower)")
    boolean adversarial;

    @Option(names = "--data", description = "cityscapes-mini folder, default ../shared/data/cityscapes-mini")
    Path data;

    @Option(names = "--seed", defaultValue = "11", description = "initialization and window order, default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "100", description = "steps between checkpoints, default ${DEFAULT-VALUE}")
    int checkpointEvery;

    @Option(names = "--log-every", defaultValue = "25", description = "steps between progress lines off a terminal, default ${DEFAULT-VALUE}")
    int logEvery;

    @Option(names = "--init-from", description = "a real-time vid2vid model folder to go on from (its generator; new"
            + " discriminators and optimizer state); none = from scratch")
    Path initFrom;

    @Option(names = "--session-steps", defaultValue = "0", description = "stop after this many steps (checkpointed); 0 = run to --steps")
    int sessionSteps;

    @Override
    public Integer call() throws Exception {
        CityscapesMini mini = new CityscapesMini(data != null ? data : CityscapesMini.defaultRoot());
        Vid2VidConfig config = Vid2VidConfig.realTime();
        List<TrainingSequence> sequences = new ArrayList<>();
        int maxSkip = 1 << (config.temporalScales() - 1);
        long t0 = System.nanoTime();
        try (Synthesizer t = Synthesizers.open(teacher)) {
            for (String name : CityscapesMini.TRAIN_SEQUENCES) {
                List<TrainingExample> frames = CityscapesMini.load(CityscapesMini.frames(mini.sequence(name)), t.width(), t.height());
                List<LabelFrame> labels = frames.stream().map(TrainingExample::labels).toList();
                List<LabelFrame> mirrored = labels.stream().map(LabelFrame::flippedHorizontally).toList();
                Path cache = run.resolve("teacher");
                sequences.add(Vid2VidDistillation.teacherSequence(name + " (teacher " + t.modelId() + ")", labels, t, maxSkip,
                        cache.resolve(name)));
                sequences.add(Vid2VidDistillation.teacherSequence(name + " mirrored (teacher " + t.modelId() + ")", mirrored, t, maxSkip,
                        cache.resolve(name + "-mirrored")));
            }
            System.out.printf("teacher %s made %d videos of %d frames in %.0f s%n", t.modelId(), sequences.size(),
                    sequences.get(0).size(), (System.nanoTime() - t0) / 1e9);
            Vid2VidTrainer.Options o = Vid2VidTrainer.Options.builder(config, t.width(), t.height())
                    .steps(steps).framesPerStep(framesPerStep).runDir(run).seed(seed).learningRate(learningRate)
                    .checkpointEvery(checkpointEvery).logEvery(logEvery).initFrom(initFrom).sessionSteps(sessionSteps)
                    .lambdaL1(lambdaL1).adversarial(adversarial).lambdaEdges(lambdaEdges).lambdaGrid(lambdaGrid).lambdaConsistency(lambdaConsistency)
                    .build();
            Vid2VidTrainer.State s = new Vid2VidTrainer(o, sequences, System.out).run();
            System.out.printf("done: %d steps, %.0f s, losses %s%n", s.step(), s.wallSeconds(), s.losses());
        }
        return 0;
    }
}
