package ai.vidsynth.model.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A training run's folder: full-precision parameters of each network ({@code <name>.params}, DJL's own
 * format) and a JSON state. Every file is written to a temporary name and moved into place, so a run
 * killed mid-save leaves the previous checkpoint intact.
 */
public final class Checkpoints {

    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String STATE = "checkpoint.json";

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
        Path tmp = dir.resolve(name + ".params.tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            block.saveParameters(out);
        }
        Files.move(tmp, dir.resolve(name + ".params"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public boolean hasBlock(String name) {
        return Files.exists(dir.resolve(name + ".params"));
    }

    public void loadBlock(String name, Block block, NDManager manager) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(name + ".params"))))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint " + dir.resolve(name + ".params") + " does not fit the network: " + e.getMessage(), e);
        }
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
