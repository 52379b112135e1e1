package ai.vidsynth.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam over a fixed list of parameters, with its state in the open so that a checkpoint can keep it. DJL's
 * {@code Adam} keeps its moments and update counts in private maps with no way to read or restore them: every
 * resumed run restarted the optimizer from zero moments (and restarted its bias correction), a jolt the loss
 * curves showed at each session boundary. The update itself is DJL's: the same fused libtorch op
 * ({@code adamUpdate}) with the same arguments as DJL's {@code Adam.update} (no weight decay, no gradient
 * rescaling or clipping), so the numbers equal DJL's bit for bit ({@code AdamTest}).
 */
public final class Adam {

    private static final int FORMAT = 1;

    private final List<Parameter> params;
    private final Tracker learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon = 1e-8f;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private int updates;

    /**
     * @param params       what {@link #update} updates, in a fixed order (the checkpoint's)
     * @param learningRate asked with the number of updates so far (LinearDecay reads the trainer's step instead)
     */
    public Adam(List<Parameter> params, Tracker learningRate, float beta1, float beta2) {
        this.params = List.copyOf(params);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    /** beta2 = 0.999, as pix2pixHD and vid2vid use. */
    public Adam(List<Parameter> params, Tracker learningRate, float beta1) {
        this(params, learningRate, beta1, 0.999f);
    }

    public List<Parameter> parameters() {
        return params;
    }

    /** Updates done so far (the bias correction's t). */
    public int updates() {
        return updates;
    }

    /** One update of every parameter from its gradient. */
    public void update() {
        int t = ++updates;
        if (means.isEmpty()) {
            for (Parameter p : params) {
                // in the weight's manager: the moments live as long as the networks
                means.add(p.getArray().zerosLike());
                variances.add(p.getArray().zerosLike());
            }
        }
        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float lr = learningRate.getNewValue(t);
        float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
        if (!Float.isFinite(corrected)) {
            throw new IllegalStateException("learning rate " + lr + " at update " + t + " is not finite");
        }
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).getArray();
            // getGradient() hands out a new handle each call; close it or it accumulates in the root manager
            try (NDArray grad = w.getGradient()) {
                w.getNDArrayInternal().adamUpdate(new NDList(w, grad, means.get(i), variances.get(i)), new NDList(w), lr, corrected,
                        0f, 1f, -1f, beta1, beta2, epsilon, true, false);
            }
        }
    }

    /** The update count and every moment, in parameter order. */
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(FORMAT);
        data.writeInt(updates);
        data.writeInt(means.size());
        if (!means.isEmpty()) {
            NDList all = new NDList();
            all.addAll(means);
            all.addAll(variances);
            byte[] encoded = all.encode();
            data.writeInt(encoded.length);
            data.write(encoded);
        }
        data.flush();
    }

    /** Restores what {@link #save} wrote, for the same parameters; the moments join the weights' managers. */
    public void load(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int format = data.readInt();
        if (format != FORMAT) {
            throw new IOException("optimizer state format " + format + ", expected " + FORMAT);
        }
        int count = data.readInt();
        int n = data.readInt();
        means.forEach(NDArray::close);
        variances.forEach(NDArray::close);
        means.clear();
        variances.clear();
        updates = count;
        if (n == 0) {
            return;
        }
        if (n != params.size()) {
            throw new IOException("optimizer state for " + n + " parameters, this optimizer has " + params.size());
        }
        byte[] encoded = data.readNBytes(data.readInt());
        NDManager manager = params.get(0).getArray().getManager();
        NDList all = NDList.decode(manager, encoded);
        for (int i = 0; i < n; i++) {
            NDArray w = params.get(i).getArray();
            NDArray m = all.get(i);
            NDArray v = all.get(n + i);
            if (!m.getShape().equals(w.getShape()) || !v.getShape().equals(w.getShape())) {
                throw new IOException("optimizer state of parameter " + i + " has shape " + m.getShape() + ", the parameter " + w.getShape());
            }
            means.add(m);
            variances.add(v);
        }
    }
}
