package ai.vidsynth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.norm.LayerNorm;

/**
 * Instance normalization without affine parameters (pix2pixHD's {@code InstanceNorm2d(affine=False)}).
 * DJL has no such block; its static layer norm over the (H, W) axes of an NCHW tensor is exactly
 * per-sample, per-channel normalization, and works for any frame size (the LayerNorm block fixes H, W).
 */
public final class InstanceNorm2d {

    private static final float EPS = 1e-5f;

    private InstanceNorm2d() {}

    public static Block block() {
        return new LambdaBlock(list -> new NDList(apply(list.singletonOrThrow())), "instanceNorm");
    }

    public static NDArray apply(NDArray x) {
        Shape s = x.getShape();
        Shape plane = new Shape(s.get(2), s.get(3));
        NDManager m = x.getManager();
        NDArray ones = m.ones(plane, x.getDataType());
        NDArray zeros = m.zeros(plane, x.getDataType());
        return LayerNorm.layerNorm(x, plane, ones, zeros, EPS).singletonOrThrow();
    }
}
