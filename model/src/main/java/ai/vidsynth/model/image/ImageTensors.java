package ai.vidsynth.model.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.vidsynth.model.nn.NativeArrays;

/** Conversions between 8-bit images and the generators' value range [-1, 1] (tanh output), NCHW. */
public final class ImageTensors {

    private ImageTensors() {}

    /** (1, 3, H, W) float in [-1, 1]. */
    public static NDArray toTensor(NDManager manager, RgbImage image) {
        int w = image.width();
        int h = image.height();
        float[] chw = new float[3 * w * h];
        byte[] rgb = image.rgb();
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                chw[c * plane + i] = (rgb[3 * i + c] & 0xff) / 127.5f - 1f;
            }
        }
        return NativeArrays.floats(manager, chw, new Shape(1, 3, h, w));
    }

    /**
     * Quantizes a (1, 3, H, W) or (3, H, W) tensor in [-1, 1] to 8 bits. Rounds half up after clamping,
     * on the JVM, so that the same float tensor always gives the same bytes.
     */
    public static RgbImage toImage(NDArray tensor) {
        Shape s = tensor.getShape();
        int h = (int) s.get(s.dimension() - 2);
        int w = (int) s.get(s.dimension() - 1);
        float[] chw = tensor.toType(DataType.FLOAT32, false).toFloatArray();
        int plane = w * h;
        byte[] rgb = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                float v = (chw[c * plane + i] + 1f) * 127.5f;
                int q = (int) Math.floor(Math.max(0f, Math.min(255f, v)) + 0.5f);
                rgb[3 * i + c] = (byte) Math.min(255, q);
            }
        }
        return new RgbImage(w, h, rgb);
    }
}
