package ai.vidsynth.model.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parameter files: an {@link NDList} of a block's parameters in its parameter order, fp16 for shipped
 * weights (half the size of DJL's own files; DJL cannot cast a block to fp16 on this engine) or fp32 for
 * training checkpoints. Loading copies values into the block's existing parameter arrays instead of
 * replacing them: replacing them through {@code Block.loadParameters} made a resumed training run grow
 * by about 120 MB per step (measured), copying keeps the arrays DJL's autograd and optimizer were set
 * up with. Names and shapes are checked so a file never loads into the wrong architecture silently.
 */
public final class WeightFiles {

    private WeightFiles() {}

    /** Shipped weights: fp16. */
    public static void save(Block block, Path file) throws IOException {
        save(block, file, DataType.FLOAT16);
    }

    public static void save(Block block, Path file, DataType type) throws IOException {
        NDList list = new NDList();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray half = p.getValue().getArray().toType(type, true);
            half.setName(p.getKey());
            list.add(half);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            list.encode(out);
        } finally {
            list.close();
        }
    }

    /** Loads an fp16 or fp32 file into an initialized block of the same architecture. */
    public static void load(Block block, Path file, NDManager manager) throws IOException, MalformedModelException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                NDManager scratch = manager.newSubManager()) {
            NDList list = NDList.decode(scratch, in);
            int i = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (i >= list.size()) {
                    throw new MalformedModelException(file + " has " + list.size() + " arrays, the block needs more");
                }
                NDArray stored = list.get(i++);
                NDArray target = p.getValue().getArray();
                if (!p.getKey().equals(stored.getName()) || !stored.getShape().equals(target.getShape())) {
                    throw new MalformedModelException(file + ": expected " + p.getKey() + " " + target.getShape()
                            + ", found " + stored.getName() + " " + stored.getShape());
                }
                target.set(stored.toType(DataType.FLOAT32, false).toFloatArray());
            }
            if (i != list.size()) {
                throw new MalformedModelException(file + " has " + list.size() + " arrays, the block " + i);
            }
        }
    }
}
