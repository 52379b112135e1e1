package ai.vidsynth.model.eval;

/**
 * The segmenter's sizes, saved in its model card.
 *
 * @param filters filters of the U-Net's first stage (doubled at each stride-2 stage)
 * @param depth   stride-2 stages
 */
public record SegmenterConfig(int filters, int depth) {

    public SegmenterConfig {
        if (filters <= 0 || depth < 1) {
            throw new IllegalArgumentException("invalid segmenter sizes: " + this);
        }
    }

    /** What is trained and shipped: 16 filters, 4 stages (2.0 M parameters). */
    public static SegmenterConfig standard() {
        return new SegmenterConfig(16, 4);
    }

    public SegmentationNet newNet() {
        return new SegmentationNet(filters, depth);
    }
}
