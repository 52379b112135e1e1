package ai.vidsynth.topology.processor;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a video's frames must arrive: the partition Java's default partitioner gives the key (murmur2 of its
 * UTF-8 bytes, modulo the input topic's partitions). A video's state lives in the store of the task that owns
 * that partition; a frame of the same video on another partition would be synthesized from another task's
 * (empty or stale) state and come out restarted. Producers built on librdkafka (Confluent's Python, Go, .NET
 * and C clients) hash keys with CRC32 unless told {@code partitioner=murmur2_random}: such frames are refused
 * with a message that says so, instead of being synthesized from the wrong state.
 *
 * @param partitions the input topic's partition count
 */
public record InputPartitioning(int partitions) {

    public InputPartitioning {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, got " + partitions);
        }
    }

    /** The partition of {@code key}: murmur2 as Kafka's Java producer computes it. */
    public int expected(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public String explain(String key, int partition) {
        return "video '" + key + "' arrived on partition " + partition + " but belongs on partition " + expected(key)
                + " of " + partitions + " (murmur2 of the key, Kafka's Java default): its state lives there. A librdkafka "
                + "producer (Python, Go, .NET, C) must set partitioner=murmur2_random; a custom partitioner must hash the "
                + "key as Java's does";
    }
}
