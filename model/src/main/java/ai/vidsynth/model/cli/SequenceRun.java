package ai.vidsynth.model.cli;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.VideoState;
import ai.vidsynth.model.train.CityscapesMini;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthesizer stepped through a sequence folder exactly as the stream does it: one video state carried
 * from frame to frame, labels resized to the model's size by nearest neighbour.
 *
 * @param labels  the label frames at model size
 * @param outputs the generated frames
 * @param real    the camera frames at model size, or empty when the folder has none for some frame
 * @param nanos   time of each synthesis step
 */
public record SequenceRun(List<LabelFrame> labels, List<RgbImage> outputs, List<RgbImage> real, List<Long> nanos) {

    public static SequenceRun of(Synthesizer s, Path folder, int frames) throws IOException {
        List<CityscapesMini.FrameFiles> files = CityscapesMini.frames(folder);
        List<LabelFrame> labels = new ArrayList<>();
        List<RgbImage> outputs = new ArrayList<>();
        List<RgbImage> real = new ArrayList<>();
        List<Long> nanos = new ArrayList<>();
        VideoState state = VideoState.EMPTY;
        for (int i = 0; i < Math.min(frames, files.size()); i++) {
            CityscapesMini.FrameFiles f = files.get(i);
            LabelFrame frame = LabelPngs.read(f.labels(), f.instances()).resizedNearest(s.width(), s.height());
            long t0 = System.nanoTime();
            Synthesizer.Synthesis syn = s.next(state, frame, StyleClusters.Choice.DEFAULT);
            nanos.add(System.nanoTime() - t0);
            state = syn.next();
            labels.add(frame);
            outputs.add(syn.image());
            if (f.image() != null) {
                real.add(RgbImage.read(f.image()).resized(s.width(), s.height()));
            }
        }
        return new SequenceRun(labels, outputs, real.size() == outputs.size() ? real : List.of(), nanos);
    }

    public boolean hasReal() {
        return !real.isEmpty();
    }

    /** Median step time in ms over the frames after the first (the first has no past and differs in cost). */
    public double laterFramesMedianMs() {
        List<Long> later = new ArrayList<>(nanos.subList(Math.min(1, nanos.size()), nanos.size()));
        if (later.isEmpty()) {
            return Double.NaN;
        }
        later.sort(null);
        return later.get(later.size() / 2) / 1e6;
    }
}
