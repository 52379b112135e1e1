package ai.vidsynth.model.cli;

import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.model.train.TrainingExample;
import ai.vidsynth.model.train.TrainingSequence;
import ai.vidsynth.model.train.Vid2VidTrainer;
import ai.vidsynth.model.nn.Warp;
import ai.vidsynth.model.vid2vid.Vid2VidConfig;
import java.nio.file.Path;
import ai.vidsynth.model.memory.MemoryProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-vid2vid", mixinStandardHelpOptions = true,
        description = "Train vid2vid on the cityscapes-mini training sequences; resumes from the run folder's checkpoint.")
public final class TrainVid2VidCommand implements Callable<Integer> {

    @Option(names = "--size", converter = Size.Converter.class, defaultValue = "256x128",
            description = "training resolution (the first-frame pix2pixHD model's), default ${DEFAULT-VALUE}")
    Size size;

    @Option(names = "--steps", defaultValue = "1500", description = "total steps, default ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--frames-per-step", defaultValue = "3", description = "frames generated per window, default ${DEFAULT-VALUE}")
    int framesPerStep;

    @Option(names = "--burn-in", defaultValue = "0", description = {"frames each window generates first without gradients, so that"
            + " the frames it learns from are carried from the model's own outputs as in the stream (0: from camera frames,"
            + " the paper's windows), default ${DEFAULT-VALUE}"})
    int burnIn;

    @Option(names = "--run", required = true, description = "run folder: checkpoints go here, and resume from here")
    Path run;

    @Option(names = "--data", description = "cityscapes-mini folder, default ../shared/data/cityscapes-mini")
    Path data;

    @Option(names = "--seed", defaultValue = "11", description = "initialization and window order, default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "50", description = "steps between checkpoints, default ${DEFAULT-VALUE}")
    int checkpointEvery;

    @Option(names = "--log-every", defaultValue = "10", description = "steps between progress lines off a terminal, default ${DEFAULT-VALUE}")
    int logEvery;

    @Option(names = "--init-from", description = {"pix2pixHD global model folder whose generator starts vid2vid's image path"
            + " (ngf, downsamplings and residual blocks must match), a pix2pixHD local-enhancer model for a coarse-to-fine run's"
            + " finer scale, or a vid2vid model of the same sizes to go on from; none = from scratch"})
    Path initFrom;

    @Option(names = "--hold-out", split = ",", description = {"training sequences to leave out (e.g. seq0004), so that `eval`"
            + " can score the run on a sequence it has not seen that has camera frames"})
    List<String> holdOut = new ArrayList<>();

    @Option(names = "--local", split = ",", description = {"coarse to fine: a finer scale of NGF filters and BLOCKS residual blocks"
            + " around the default sizes, at --size (the coarse scale runs at half of it), e.g. 16,3"})
    List<Integer> local = new ArrayList<>();

    @Option(names = "--coarse-model", description = "a coarse-to-fine run's coarse scale starts from this one-scale vid2vid model"
            + " (e.g. models/vid2vid-256x128; with --train-only local it stays as it is)")
    Path coarseModel;

    @Option(names = "--d-lr-scale", defaultValue = "1", description = {"discriminators' learning rate as a multiple of the generator's"
            + " (2e-4), default ${DEFAULT-VALUE}; below 1 when the discriminators win (measured here past ~350 steps)"})
    float discriminatorLrScale;

    @Option(names = "--session-steps", defaultValue = "0", description = {"stop after this many steps (checkpointed); 0 = run to --steps.",
            "for work in slices of a session"})
    int sessionSteps;

    @Option(names = "--lr", defaultValue = "2e-4", description = "the generator's learning rate (Adam), default ${DEFAULT-VALUE}")
    float learningRate;

    @Option(names = "--lambda-l1", defaultValue = "0", description = "weight of an L1 loss to the camera frames, default ${DEFAULT-VALUE} (the paper's: none)")
    float lambdaL1;

    @Option(names = "--lambda-consistency", defaultValue = "0", description = {"weight of NVIDIA's generator warp loss: each generated frame"
            + " against the previous one carried along the camera frames' flow, where that flow explains the camera frames;",
            "default ${DEFAULT-VALUE}"})
    float lambdaConsistency;

    @Option(names = "--d-warmup", defaultValue = "0", description = {"steps at the start in which only the discriminators learn:"
            + " a run that starts from a shipped vid2vid model (--init-from) gets its generator but new discriminators,"
            + " whose first judgements would otherwise teach the generator noise, default ${DEFAULT-VALUE}"})
    int discriminatorWarmup;

    @Option(names = "--lambda-blend", defaultValue = "0", description = {"weight of a loss on the painted and the carried frame's"
            + " disagreement where the mask mixes them (mixing two textures that do not match blurs both), default ${DEFAULT-VALUE}"})
    float lambdaBlend;

    @Option(names = "--lambda-grid", defaultValue = "0", description = {"weight of a loss on each generated frame's 8-pixel"
            + " lattice (what the grid column of eval measures: the transposed convolutions' phase gains), default ${DEFAULT-VALUE}"})
    float lambdaGrid;

    @Option(names = "--lambda-edges", defaultValue = "0", description = {"weight of an L1 loss between each generated frame's and the"
            + " camera frame's edge energy per 8x8 cell (detail where the camera has detail, not its pixels); default ${DEFAULT-VALUE}"})
    float lambdaEdges;

    @Option(names = "--no-adversarial", description = "neither run nor train the discriminators (with --lambda-l1 or --lambda-consistency)")
    boolean noAdversarial;

    @Option(names = "--train-only", split = ",", description = {"train only these parts of the generator (child blocks such as toMask,"
            + " toFlow, imageUp, or pastGate); default: all of it"})
    List<String> trainOnly = new ArrayList<>();

    @Option(names = "--memory-every", defaultValue = "0", description = {"print this process's memory every this many steps and,",
            "at the end, resident memory's slope per 1000 steps after the first fifth (0 = off)"})
    int memoryEvery;

    @Option(names = "--max-stride", defaultValue = "1", description = {"motion augmentation: each window takes every s-th frame,",
            "s drawn from 1 to this, so the flow learns faster motion than the sequences have; default ${DEFAULT-VALUE} (every frame)"})
    int maxStride;

    @Option(names = "--mirror", description = "also train on each sequence mirrored left to right (flows computed on the mirrored frames)")
    boolean mirror;

    @Option(names = "--camera-motion", defaultValue = "0", description = {"share of steps (0 to 1) whose window is a labelled still",
            "or training-sequence frame moved by a drawn camera motion, with its exact flow; default ${DEFAULT-VALUE}"})
    float cameraMotion;

    @Option(names = "--flow", defaultValue = "GENERATOR", description = {"the flow that carries each generated frame to the next:",
            "GENERATOR (the flow head's, the paper's) or LABELS (the label maps' own motion); default ${DEFAULT-VALUE}"})
    Vid2VidConfig.FlowSource flow;

    @Option(names = "--warp", defaultValue = "BICUBIC", description = {"how the previous frame is sampled when warped:",
            "${COMPLETION-CANDIDATES} (NEAREST: by whole pixels, no blur builds up); default ${DEFAULT-VALUE}"})
    Warp.Interpolation warp;

    @Override
    public Integer call() throws Exception {
        CityscapesMini mini = new CityscapesMini(data != null ? data : CityscapesMini.defaultRoot());
        if (!local.isEmpty() && local.size() != 2) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--local takes NGF,BLOCKS");
        }
        Vid2VidConfig config = Vid2VidConfig.cityscapesDefault()
                .withLocal(local.isEmpty() ? null : new Vid2VidConfig.Local(local.get(0), local.get(1))).running(warp, flow);
        List<TrainingSequence> sequences = new ArrayList<>();
        // the temporal discriminator's largest skip, in frames of a window taken at the largest stride
        int maxSkip = maxStride << (config.temporalScales() - 1);
        for (String name : CityscapesMini.trainingSequences(holdOut)) {
            TrainingSequence seq = new TrainingSequence(name, CityscapesMini.load(CityscapesMini.frames(mini.sequence(name)),
                    size.width(), size.height()), maxSkip);
            sequences.add(seq);
            if (mirror) {
                sequences.add(seq.mirrored());
            }
        }
        System.out.printf("vid2vid at %s on %d sequences (flow supervised by OpenCV Farneback on the real frames; frames carried by %s,"
                + " warped %s)%n", size, sequences.size(), flow == Vid2VidConfig.FlowSource.LABELS ? "the label maps' flow" : "the flow head's",
                warp.name().toLowerCase(java.util.Locale.ROOT));
        Vid2VidTrainer.Options o = Vid2VidTrainer.Options.builder(config, size.width(), size.height())
                .steps(steps).framesPerStep(framesPerStep).runDir(run).seed(seed)
                .learningRate(learningRate).discriminatorLrScale(discriminatorLrScale)
                .checkpointEvery(checkpointEvery).logEvery(logEvery).initFrom(initFrom).sessionSteps(sessionSteps)
                .lambdaL1(lambdaL1).adversarial(!noAdversarial).lambdaConsistency(lambdaConsistency).lambdaEdges(lambdaEdges).lambdaGrid(lambdaGrid)
                .trainOnly(java.util.Set.copyOf(trainOnly)).coarseModel(coarseModel).maxStride(maxStride)
                .cameraMotionShare(cameraMotion).burnIn(burnIn).lambdaBlend(lambdaBlend)
                .discriminatorWarmup(discriminatorWarmup).build();
        Vid2VidTrainer trainer = new Vid2VidTrainer(o, sequences, System.out);
        if (cameraMotion > 0) {
            // the stills and every frame of the training sequences (not of a held-out one), at twice the training size so
            // that a frame zoomed into is not an upscaled one: the stills' split has 7 frames, and a sequence's frame moved
            // by a drawn motion is a motion its sequence does not have
            List<CityscapesMini.FrameFiles> files = new ArrayList<>(CityscapesMini.frames(mini.root().resolve("stills").resolve("train")));
            for (String name : CityscapesMini.trainingSequences(holdOut)) {
                files.addAll(CityscapesMini.frames(mini.sequence(name)));
            }
            List<TrainingExample> stills = CityscapesMini.load(files, 2 * size.width(), 2 * size.height());
            trainer.withStills(stills);
            System.out.printf("camera motion on %d frames in %.0f%% of the steps%n", stills.size(), 100 * cameraMotion);
        }
        MemoryProbe probe = memoryEvery > 0 ? new MemoryProbe() : null;
        if (probe != null) {
            System.out.println(ai.vidsynth.model.memory.AllocatorPolicy.apply());
        }
        long[] first = {-1};
        if (probe != null) {
            trainer.afterEachStep(done -> {
                if (first[0] < 0) {
                    first[0] = done - 1;
                }
                if ((done - first[0]) % memoryEvery == 0) {
                    System.out.println(probe.sample(done - first[0]).line("steps"));
                }
            });
        }
        Vid2VidTrainer.State s = trainer.run();
        if (probe != null) {
            long steps = first[0] < 0 ? 0 : s.step() - first[0];
            var summary = probe.summary(steps / 5, "steps");
            System.out.printf("memory over %d steps: resident %s MB after the first fifth, %s MB at the end (max %s MB); slope %s MB per 1000 steps%n",
                    steps, summary.get("rss_after_warmup_mb"), summary.get("rss_end_mb"), summary.get("rss_max_mb"),
                    summary.get("rss_slope_mb_per_1000"));
        }
        System.out.printf("done: %d steps, %.0f s, losses %s%n", s.step(), s.wallSeconds(), s.losses());
        return 0;
    }
}
