package ai.vidsynth.model.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.vidsynth.model.nn.WeightFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A training run's folder: full-precision parameters of each network ({@code <name>.fp32}, see
 * {@link WeightFiles}), each optimizer's moments ({@code <name>.adam}, see {@link Adam}) and a JSON state. Every file is written to a temporary name and moved into place, so a run
 * killed mid-save leaves the previous checkpoint intact.
 */
public final class Checkpoints {

    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String STATE = "checkpoint.json";
    private static final String FILE_SUFFIX = ".fp32";
    private static final String OPTIMIZER_SUFFIX = ".adam";

    private final Path dir;

    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public boolean exists() {
        return Files.exists(dir.resolve(STATE));
    }

    public void saveBlock(String name, Block block) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(name + FILE_SUFFIX + ".tmp");
        WeightFiles.save(block, tmp, DataType.FLOAT32);
        Files.move(tmp, dir.resolve(name + FILE_SUFFIX), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public boolean hasBlock(String name) {
        return Files.exists(dir.resolve(name + FILE_SUFFIX));
    }

    public void loadBlock(String name, Block block, NDManager manager) throws IOException {
        try {
            WeightFiles.load(block, dir.resolve(name + FILE_SUFFIX), manager);
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint " + dir.resolve(name + FILE_SUFFIX) + " does not fit the network: " + e.getMessage(), e);
        }
    }

    /** An optimizer's moments and update count, as {@code <name>.adam}. */
    public void saveOptimizer(String name, Adam adam) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(name + OPTIMIZER_SUFFIX + ".tmp");
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
            adam.save(out);
        }
        Files.move(tmp, dir.resolve(name + OPTIMIZER_SUFFIX), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Restores an optimizer saved by {@link #saveOptimizer}; false when the checkpoint has none (older runs). */
    public boolean loadOptimizer(String name, Adam adam) throws IOException {
        Path file = dir.resolve(name + OPTIMIZER_SUFFIX);
        if (!Files.exists(file)) {
            return false;
        }
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            adam.load(in);
        }
        return true;
    }

    public <T> void saveState(T state) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(STATE + ".tmp");
        JSON.writeValue(tmp.toFile(), state);
        Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public <T> T loadState(Class<T> type) throws IOException {
        return JSON.readValue(dir.resolve(STATE).toFile(), type);
    }
}
