package ai.vidsynth.topology.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The task's frame in flight (README: Pipelining): the input record whose model runs while the stream thread
 * publishes the frame before it and commits. It is written to a changelogged store in the transaction that commits
 * its offset, so a crash or a rebalance before its output is published loses nothing: whoever runs the task next
 * finds the record here and processes it again, and since the model is deterministic the frame comes out as it would
 * have. Holding a record only in memory across {@code process()} calls would lose it (DESIGN.md: Batching and speed);
 * this store is what makes holding it safe. One frame per task at most, under one key.
 */
public final class InFlightFrames {

    public static final String STORE = "frame-in-flight";
    private static final String KEY = "frame";

    /** An input record as it came, with where it came from (rejections name it). */
    public record Input(String key, byte[] value, long timestamp, String topic, int partition, long offset) {}

    private final KeyValueStore<String, byte[]> store;

    public InFlightFrames(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** Changelogged like the video stores; a value holds a whole input record, so its limit is the request's. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> builder(boolean persistent, int maxRequestBytes) {
        KeyValueBytesStoreSupplier supplier = persistent ? Stores.persistentKeyValueStore(STORE) : Stores.inMemoryKeyValueStore(STORE);
        return Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(java.util.Map.of("max.message.bytes", String.valueOf(maxRequestBytes)))
                .withCachingDisabled();
    }

    public void put(Input in) {
        store.put(KEY, encode(in));
    }

    /** The record in flight, or null. */
    public Input get() {
        byte[] b = store.get(KEY);
        return b == null ? null : decode(b);
    }

    public void clear() {
        store.delete(KEY);
    }

    static byte[] encode(Input in) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (in.value() == null ? 0 : in.value().length));
            DataOutputStream out = new DataOutputStream(bytes);
            writeBytes(out, in.key() == null ? null : in.key().getBytes(StandardCharsets.UTF_8));
            writeBytes(out, in.value());
            out.writeLong(in.timestamp());
            writeBytes(out, in.topic().getBytes(StandardCharsets.UTF_8));
            out.writeInt(in.partition());
            out.writeLong(in.offset());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Input decode(byte[] b) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            byte[] key = readBytes(in);
            byte[] value = readBytes(in);
            long timestamp = in.readLong();
            String topic = new String(readBytes(in), StandardCharsets.UTF_8);
            return new Input(key == null ? null : new String(key, StandardCharsets.UTF_8), value, timestamp, topic, in.readInt(),
                    in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // keys and values may be null (a tombstone, a keyless record: both are rejected, and must be stored to be)
    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        return n < 0 ? null : in.readNBytes(n);
    }
}
