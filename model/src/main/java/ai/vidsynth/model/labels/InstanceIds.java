package ai.vidsynth.model.labels;

/**
 * Brings the two instance-map formats of the shared data to one canonical form, so that the boundary map
 * and the instance-wise features mean the same thing whatever the source:
 * <ul>
 *   <li>16-bit Cityscapes {@code instanceIds}: already canonical ({@code class * 1000 + k} for things,
 *       the class id for stuff);</li>
 *   <li>8-bit maps (vid2vid's sequences): 255 means "no instance / stuff", so such a pixel becomes its
 *       label id; any other value {@code k} becomes {@code label * 1000 + k}.</li>
 * </ul>
 * Without this, 8-bit maps would give boundaries only around objects and never between road and sidewalk,
 * unlike the 16-bit maps pix2pixHD was trained with.
 */
public final class InstanceIds {

    public static final int STUFF_8BIT = 255;

    private InstanceIds() {}

    public static int[] canonicalFrom8Bit(byte[] labels, int[] raw) {
        int[] ids = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int label = labels[i] & 0xff;
            ids[i] = raw[i] == STUFF_8BIT ? label : label * 1000 + raw[i];
        }
        return ids;
    }

    /** The class an instance id belongs to (inverse of the canonical rule). */
    public static int classOf(int canonicalId) {
        return canonicalId >= 1000 ? canonicalId / 1000 : canonicalId;
    }
}
