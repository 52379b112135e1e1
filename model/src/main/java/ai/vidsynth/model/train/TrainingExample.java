package ai.vidsynth.model.train;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;

/** A label frame and the real camera frame it was labelled from, at training resolution. */
public record TrainingExample(String name, LabelFrame labels, RgbImage image) {

    public TrainingExample flipped() {
        return new TrainingExample(name, labels.flippedHorizontally(), image.flippedHorizontally());
    }
}
