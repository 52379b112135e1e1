package ai.vidsynth.model.cli;

import ai.vidsynth.model.nn.Layers;
import ai.vidsynth.model.pix2pixhd.Pix2PixHDConfig;
import ai.vidsynth.model.train.CityscapesMini;
import ai.vidsynth.model.train.Pix2PixHDTrainer;
import ai.vidsynth.model.train.TrainingExample;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-pix2pixhd", mixinStandardHelpOptions = true,
        description = "Train one pix2pixHD stage on cityscapes-mini; resumes from the run folder's checkpoint.")
public final class TrainPix2PixHDCommand implements Callable<Integer> {

    @Option(names = "--stage", required = true, description = "global | local | finetune")
    String stage;

    @Option(names = "--size", converter = Size.Converter.class, defaultValue = "256x128",
            description = "training resolution WIDTHxHEIGHT (local/finetune: twice the global's), default ${DEFAULT-VALUE}")
    Size size;

    @Option(names = "--steps", defaultValue = "6000", description = "total steps of this stage, default ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--run", required = true, description = "run folder: checkpoints go here, and resume from here")
    Path run;

    @Option(names = "--from", description = "previous stage's run folder (local, finetune)")
    Path from;

    @Option(names = "--data", description = "cityscapes-mini folder, default ../shared/data/cityscapes-mini")
    Path data;

    @Option(names = "--vgg", description = "VGG19 TorchScript file for the perceptual loss (none ships; without it the loss is off)")
    Path vgg;

    @Option(names = "--ngf", defaultValue = "32", description = "global generator filters, default ${DEFAULT-VALUE}") int ngf;
    @Option(names = "--n-downsample", defaultValue = "3", description = "global generator downsamplings, default ${DEFAULT-VALUE}") int nDownsample;
    @Option(names = "--n-blocks", defaultValue = "4", description = "global generator residual blocks, default ${DEFAULT-VALUE}") int nBlocks;
    @Option(names = "--feature-channels", defaultValue = "3", description = "instance feature channels (0 = no encoder), default ${DEFAULT-VALUE}") int featureChannels;
    @Option(names = "--ndf", defaultValue = "32", description = "discriminator filters, default ${DEFAULT-VALUE}") int ndf;
    @Option(names = "--num-d", defaultValue = "2", description = "discriminator scales, default ${DEFAULT-VALUE}") int numD;
    @Option(names = "--seed", defaultValue = "7", description = "initialization and example order, default ${DEFAULT-VALUE}") long seed;
    @Option(names = "--lr", defaultValue = "2e-4", description = "Adam learning rate (linear decay in the second half), default ${DEFAULT-VALUE}") float lr;
    @Option(names = "--checkpoint-every", defaultValue = "200", description = "steps between checkpoints, default ${DEFAULT-VALUE}") int checkpointEvery;
    @Option(names = "--log-every", defaultValue = "20", description = "steps between progress lines when not on a terminal, default ${DEFAULT-VALUE}") int logEvery;

    @Option(names = "--upsampling", defaultValue = "TRANSPOSED", description = {"the generators' upsampling: TRANSPOSED (pix2pixHD's)"
            + " or RESIZE (nearest, then a 3x3 convolution: no checkerboard lattice), default ${DEFAULT-VALUE};",
            "local and finetune stages must give the global stage's"})
    Layers.Upsampling upsampling;

    @Option(names = "--session-steps", defaultValue = "0", description = {"stop after this many steps (checkpointed); 0 = run to --steps.",
            "for work in slices of a session"})
    int sessionSteps;

    @Override
    public Integer call() throws Exception {
        Pix2PixHDTrainer.Stage st = Pix2PixHDTrainer.Stage.valueOf(stage.toUpperCase());
        Pix2PixHDConfig base = Pix2PixHDConfig.cityscapesDefault();
        Pix2PixHDConfig config = new Pix2PixHDConfig(base.labelSet(), featureChannels, ngf, nDownsample, nBlocks,
                0, base.nBlocksLocal(), base.encoderNgf(), base.encoderDownsample(), ndf, base.nLayersD(), numD, upsampling);
        CityscapesMini mini = new CityscapesMini(data != null ? data : CityscapesMini.defaultRoot());
        List<TrainingExample> examples = CityscapesMini.load(mini.pix2pixTrainingFrames(), size.width(), size.height());
        System.out.printf("pix2pixHD %s stage at %s on %d frames from %s%n", st, size, examples.size(), mini.root());
        Pix2PixHDTrainer.Options options = new Pix2PixHDTrainer.Options(st, config, size.width(), size.height(),
                steps, run, from, seed, lr, 10f, checkpointEvery, logEvery, vgg, sessionSteps);
        Pix2PixHDTrainer.State s = new Pix2PixHDTrainer(options, examples, System.out).run();
        System.out.printf("done: %d steps, %.0f s, losses %s%n", s.step(), s.wallSeconds(), s.losses());
        return 0;
    }
}
