package ai.vidsynth.model.labels;

import ai.vidsynth.model.image.RgbImage;

/** Paints a label frame in its label set's display colours (for side-by-side sheets). */
public final class LabelColours {

    private LabelColours() {}

    public static RgbImage paint(LabelFrame frame, LabelSet labelSet) {
        byte[] rgb = new byte[frame.width() * frame.height() * 3];
        byte[] labels = frame.labels();
        boolean[] edges = BoundaryMap.of(frame);
        for (int i = 0; i < labels.length; i++) {
            int c = edges[i] ? 0xffffff : labelSet.colour(labels[i] & 0xff);
            rgb[3 * i] = (byte) (c >> 16);
            rgb[3 * i + 1] = (byte) (c >> 8);
            rgb[3 * i + 2] = (byte) c;
        }
        return new RgbImage(frame.width(), frame.height(), rgb);
    }
}
