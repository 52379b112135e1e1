package ai.vidsynth.model.labels;

import java.util.Arrays;
import java.util.Objects;

/**
 * One frame's semantic input: a label id per pixel and, optionally, a canonical instance id per pixel
 * (see {@link InstanceIds}). Row-major, {@code width * height} entries. Immutable by convention: the
 * arrays are not copied, callers must not change them after construction.
 */
public record LabelFrame(int width, int height, byte[] labels, int[] instances) {

    public LabelFrame {
        Objects.requireNonNull(labels, "labels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        }
        if (labels.length != width * height) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries for " + width + "x" + height);
        }
        if (instances != null && instances.length != labels.length) {
            throw new IllegalArgumentException("instances has " + instances.length + " entries, labels " + labels.length);
        }
    }

    public int labelAt(int x, int y) {
        return labels[y * width + x] & 0xff;
    }

    public boolean hasInstances() {
        return instances != null;
    }

    /** Instance ids, or, where no instance map was given, the label ids (each class one region). */
    public int[] instancesOrLabels() {
        if (instances != null) {
            return instances;
        }
        int[] ids = new int[labels.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = labels[i] & 0xff;
        }
        return ids;
    }

    /** Largest label id present, to validate against a label set. */
    public int maxLabel() {
        int max = 0;
        for (byte b : labels) {
            max = Math.max(max, b & 0xff);
        }
        return max;
    }

    /**
     * Nearest-neighbour resize, which is the only resize that keeps label and instance ids valid.
     * Samples the source pixel under each target pixel's centre.
     */
    public LabelFrame resizedNearest(int newWidth, int newHeight) {
        if (newWidth == width && newHeight == height) {
            return this;
        }
        int[] xs = new int[newWidth];
        for (int x = 0; x < newWidth; x++) {
            xs[x] = Math.min(width - 1, (int) ((x + 0.5) * width / newWidth));
        }
        byte[] newLabels = new byte[newWidth * newHeight];
        int[] newInstances = instances == null ? null : new int[newWidth * newHeight];
        for (int y = 0; y < newHeight; y++) {
            int sy = Math.min(height - 1, (int) ((y + 0.5) * height / newHeight));
            for (int x = 0; x < newWidth; x++) {
                int src = sy * width + xs[x];
                newLabels[y * newWidth + x] = labels[src];
                if (newInstances != null) {
                    newInstances[y * newWidth + x] = instances[src];
                }
            }
        }
        return new LabelFrame(newWidth, newHeight, newLabels, newInstances);
    }

    /** Mirror left-right (training augmentation, as pix2pixHD's random flip). */
    public LabelFrame flippedHorizontally() {
        byte[] newLabels = new byte[labels.length];
        int[] newInstances = instances == null ? null : new int[instances.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int src = y * width + x;
                int dst = y * width + (width - 1 - x);
                newLabels[dst] = labels[src];
                if (newInstances != null) {
                    newInstances[dst] = instances[src];
                }
            }
        }
        return new LabelFrame(width, height, newLabels, newInstances);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelFrame f && f.width == width && f.height == height
                && Arrays.equals(f.labels, labels) && Arrays.equals(f.instances, instances);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + Arrays.hashCode(instances);
    }

    @Override
    public String toString() {
        return "LabelFrame[" + width + "x" + height + (instances != null ? ", with instances" : "") + "]";
    }
}
