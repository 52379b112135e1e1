package ai.vidsynth.topology.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of the process, as Kafka Streams' documentation recommends for
 * bounded memory: a shared block cache that also holds the memtables (through a write-buffer manager) and
 * the index and filter blocks. Left to their defaults each store instance has its own 50 MB block cache and
 * up to three 16 MB memtables, so the service's native memory grows with the number of store instances (two
 * per partition the instance owns) and with how much of each has been touched. With 10 videos on 2 partitions
 * the soak's resident memory did not come out lower with this budget (one 150 MB step outside the JVM that
 * is not RocksDB's); what it buys is the bound, for an instance that owns many partitions.
 *
 * <p>Values here are a video's last frames (tens to hundreds of KB each), read back right after they are
 * written: small memtables flushed often cost little.
 *
 * <p>Such values are also kept out of the LSM tree and out of the block cache: every value of at least
 * {@value #MIN_BLOB_BYTES} bytes goes to a blob file at flush (RocksDB's integrated key-value separation) and is
 * read from there through the OS page cache, as no blob cache is configured; the SST files hold only keys and
 * references. Measured with {@code soak} (10 videos, 5000 frames): with the frames in the SSTs the shared cache
 * filled with their data blocks, 19 MB after the 1000-frame warm-up to 42 MB by frame 3000, nearly all of the
 * resident memory's slope after warm-up (5.67 MB per 1000 frames, 0.3 without the cache). A cached frame block
 * saves nothing here: each past frame is read once or twice before it is overwritten. Compaction no longer
 * rewrites the frames either; blob garbage collection relocates the few live ones out of old blob files so the
 * files of overwritten frames are deleted.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** Total off-heap memory for all stores: block cache, memtables, index and filter blocks. */
    public static final long TOTAL_BYTES = 64L << 20;
    private static final long MEMTABLE_BYTES = 4L << 20;
    private static final int MEMTABLES = 2;
    private static final long MEMTABLE_BUDGET = 16L << 20;
    /** Values from this size on (a past frame) go to blob files; a video's progress (tens of bytes) stays in the SSTs. */
    static final long MIN_BLOB_BYTES = 4096;

    // shared by every store instance of the process, never closed: they live as long as the stores may
    private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BUDGET, CACHE);

    /** What the shared budget holds now (block cache, memtables charged to it, index and filter blocks), in bytes. */
    public static long usageBytes() {
        return CACHE.getUsage();
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(MEMTABLES);
        options.setTableFormatConfig(table);
        options.setEnableBlobFiles(true);
        options.setMinBlobSize(MIN_BLOB_BYTES);
        // one blob file per memtable flush, so a file of overwritten frames is small and soon entirely garbage
        options.setBlobFileSize(MEMTABLE_BYTES);
        options.setEnableBlobGarbageCollection(true);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by every store: closing them here would pull them
        // from under the others
    }
}
