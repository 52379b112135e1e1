package ai.vidsynth.model.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The model module's own command line: training, export and offline synthesis, no Kafka involved. */
@Command(name = "vidsynth-model", mixinStandardHelpOptions = true,
        description = "Train, export and run the pix2pixHD and vid2vid models (no Kafka).",
        subcommands = {TrainPix2PixHDCommand.class, ExportPix2PixHDCommand.class, SynthesizeCommand.class,
                SheetCommand.class, BenchPix2PixHDCommand.class, TrainVid2VidCommand.class, ExportVid2VidCommand.class,
                SynthesizeSequenceCommand.class, StabilityCommand.class, FlowCheckCommand.class, CompareSequenceCommand.class,
                TrainSegmenterCommand.class, ExportSegmenterCommand.class, DistillVid2VidCommand.class})
public final class ModelCli {

    public static void main(String[] args) {
        // DJL must never download a native library or model: libtorch comes from the jar on the class path
        System.setProperty("ai.djl.offline", "true");
        // before libtorch allocates: its activations reused from the heap, not faulted in afresh (AllocatorPolicy)
        ai.vidsynth.model.memory.AllocatorPolicy.apply();
        System.exit(withPlainErrors(new CommandLine(new ModelCli())).execute(args));
    }

    /**
     * Bad input files and arguments end a command with one line naming the problem, not a stack trace; anything
     * else (a bug) keeps its stack trace.
     */
    public static CommandLine withPlainErrors(CommandLine cli) {
        return cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof java.io.IOException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
                return 1;
            }
            throw e;
        });
    }
}
