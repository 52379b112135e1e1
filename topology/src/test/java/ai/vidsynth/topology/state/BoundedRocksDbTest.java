package ai.vidsynth.topology.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's RocksDB settings on a real persistent store of Kafka Streams: past frames (large values) end up in
 * blob files, and every value, large or small, reads back exactly. (Restoring such a store from its changelog
 * after its files are wiped is the fault suite's.)
 */
class BoundedRocksDbTest {

    static final int KEYS = 6;
    static final int WRITES = 60;

    @Test
    void largeValuesGoToBlobFilesAndReadBackExactly(@TempDir Path stateDir) throws IOException {
        byte[][] last = new byte[KEYS][];
        Random random = new Random(3);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), props(stateDir))) {
            var input = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.ByteArray().serializer());
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore("frames");
            for (int i = 0; i < WRITES; i++) {
                // frame-sized and incompressible, as deflated pixels are
                byte[] value = new byte[60_000 + random.nextInt(40_000)];
                random.nextBytes(value);
                int k = i % KEYS;
                last[k] = value;
                input.pipeInput("video#" + k, value);
                assertArrayEquals(value, store.get("video#" + k), "read right after its write, write " + i);
            }
            input.pipeInput("progress", new byte[] {1, 2, 3});
            // the driver commits, so flushes, after each record: the flushed frames are in blob files by now
            assertTrue(files(stateDir, ".blob") > 0, () -> "no blob file among " + listing(stateDir));
            for (int k = 0; k < KEYS; k++) {
                assertArrayEquals(last[k], store.get("video#" + k), "the last value of key " + k);
            }
            assertArrayEquals(new byte[] {1, 2, 3}, store.get("progress"));
        }
    }

    static Topology topology() {
        Topology t = new Topology();
        t.addSource("in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), "in");
        t.addProcessor("put", () -> new Processor<String, byte[], Void, Void>() {
            KeyValueStore<String, byte[]> store;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                store = context.getStateStore("frames");
            }

            @Override
            public void process(Record<String, byte[]> record) {
                store.put(record.key(), record.value());
            }
        }, "in");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("frames"), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled(), "put");
        return t;
    }

    static Properties props(Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-rocksdb-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        return p;
    }

    static String listing(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(f -> dir.relativize(f).toString()).toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    static long files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
