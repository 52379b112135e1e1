package ai.vidsynth.model.pix2pixhd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.vidsynth.model.nn.NativeArrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Instance-wise average pooling: every pixel of an instance gets the mean of the feature map over that
 * instance. Written as two matrix products with the instance membership matrix, so it is differentiable
 * and the encoder learns through it.
 */
public final class InstancePooling {

    private final int[] instanceIds;
    private final int width;
    private final int height;
    private final int[] slotOfPixel;
    private final int[] ids;

    public InstancePooling(int[] instanceIds, int width, int height) {
        if (instanceIds.length != width * height) {
            throw new IllegalArgumentException("instance map size does not match " + width + "x" + height);
        }
        this.instanceIds = instanceIds;
        this.width = width;
        this.height = height;
        Map<Integer, Integer> slots = new LinkedHashMap<>();
        slotOfPixel = new int[instanceIds.length];
        for (int i = 0; i < instanceIds.length; i++) {
            slotOfPixel[i] = slots.computeIfAbsent(instanceIds[i], k -> slots.size());
        }
        ids = slots.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /** Distinct instance ids, in the order of {@link #perInstance}'s columns. */
    public int[] instances() {
        return ids;
    }

    /** (K, H*W) one-hot membership matrix. */
    private NDArray membership(NDManager manager) {
        int k = ids.length;
        int n = instanceIds.length;
        float[] m = new float[k * n];
        for (int i = 0; i < n; i++) {
            m[slotOfPixel[i] * n + i] = 1f;
        }
        return NativeArrays.floats(manager, m, new Shape(k, n));
    }

    /** (C, K): the mean feature of every instance, for a (1, C, H, W) feature map. */
    public NDArray perInstance(NDArray features) {
        return means(features, membership(features.getManager()));
    }

    /** (1, C, H, W): every pixel replaced by its instance's mean feature. */
    public NDArray pool(NDArray features) {
        NDArray member = membership(features.getManager());
        return means(features, member).matMul(member).reshape(features.getShape());
    }

    private static NDArray means(NDArray features, NDArray member) {
        Shape s = features.getShape();
        NDArray flat = features.reshape(s.get(1), s.get(2) * s.get(3));
        return flat.matMul(member.transpose()).div(member.sum(new int[] {1}));
    }

    /** (1, C, H, W) from one chosen feature vector per instance (inference: cluster centres). */
    public NDArray paint(NDManager manager, Map<Integer, float[]> featureOfInstance, int channels) {
        int n = instanceIds.length;
        float[] out = new float[channels * n];
        for (int i = 0; i < n; i++) {
            float[] f = featureOfInstance.get(instanceIds[i]);
            if (f != null) {
                for (int c = 0; c < channels; c++) {
                    out[c * n + i] = f[c];
                }
            }
        }
        return NativeArrays.floats(manager, out, new Shape(1, channels, height, width));
    }
}
