package ai.vidsynth.topology.cli;

import ai.vidsynth.model.cli.ModelCli;
import ai.vidsynth.model.cli.BenchPix2PixHDCommand;
import ai.vidsynth.model.cli.CompareSequenceCommand;
import ai.vidsynth.model.cli.DistillVid2VidCommand;
import ai.vidsynth.model.cli.ExportPix2PixHDCommand;
import ai.vidsynth.model.cli.ExportSegmenterCommand;
import ai.vidsynth.model.cli.ExportVid2VidCommand;
import ai.vidsynth.model.cli.FlowCheckCommand;
import ai.vidsynth.model.cli.SheetCommand;
import ai.vidsynth.model.cli.StabilityCommand;
import ai.vidsynth.model.cli.SynthesizeSequenceCommand;
import ai.vidsynth.model.cli.SynthesizeCommand;
import ai.vidsynth.model.cli.TrainPix2PixHDCommand;
import ai.vidsynth.model.cli.TrainSegmenterCommand;
import ai.vidsynth.model.cli.TrainVid2VidCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point: the streaming service and its tools, plus the model module's commands. */
@Command(name = "vidsynth", mixinStandardHelpOptions = true, version = "vidsynth 0.1.0",
        description = "Real-time video synthesis from semantic label maps on Kafka Streams (pix2pixHD / vid2vid in DJL).",
        subcommands = {DemoCommand.class, RunCommand.class, FeedCommand.class, ReplayCommand.class, SinkCommand.class,
                TrainPix2PixHDCommand.class, ExportPix2PixHDCommand.class, SynthesizeCommand.class, SheetCommand.class,
                BenchPix2PixHDCommand.class, TrainVid2VidCommand.class, ExportVid2VidCommand.class,
                SynthesizeSequenceCommand.class, StabilityCommand.class, FlowCheckCommand.class, CompareSequenceCommand.class,
                TrainSegmenterCommand.class, ExportSegmenterCommand.class, DistillVid2VidCommand.class, EvalCommand.class, SoakCommand.class,
                BenchCommand.class, BrokerCommand.class})
public final class VidsynthCli {

    public static void main(String[] args) {
        // DJL must never download a native library or model: libtorch comes from the jar on the class path
        System.setProperty("ai.djl.offline", "true");
        // before libtorch allocates: its activations reused from the heap, not faulted in afresh (AllocatorPolicy)
        ai.vidsynth.model.memory.AllocatorPolicy.apply();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return ModelCli.withPlainErrors(new CommandLine(new VidsynthCli()));
    }
}
