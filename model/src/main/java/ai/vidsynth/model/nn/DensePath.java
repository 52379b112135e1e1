package ai.vidsynth.model.nn;

/**
 * One switch for the exact inference reformulations (absent one-hot classes left out, the label embedding as a
 * matrix product, the output heads as one convolution): {@code -Dvidsynth.dense=true} runs every block as it is
 * trained, the reference the fast paths are tested against and what {@code bench} compares them with.
 */
public final class DensePath {

    private static final boolean ON = Boolean.getBoolean("vidsynth.dense");

    private DensePath() {}

    /** Whether blocks at inference take their dense (training) form. */
    public static boolean on() {
        return ON;
    }
}
