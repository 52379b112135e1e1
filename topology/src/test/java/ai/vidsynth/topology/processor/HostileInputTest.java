package ai.vidsynth.topology.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.RejectionReason;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.serde.AvroSerializer;
import ai.vidsynth.topology.HostileFrames;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.TestFrames;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input matrix: every record a careless or malicious producer can send gives exactly one
 * rejection with the right reason, a message that names the problem, the video and frame wherever they can be
 * read; nothing escapes the processor, and the video's next good frame goes on as if nothing had happened.
 * Runs with the service's default limits (2048x1024 frames, 16 MiB records, max.frame.gap 1000).
 */
class HostileInputTest {

    static final int W = StateProbeSynthesizer.SIZE_W;
    static final int H = StateProbeSynthesizer.SIZE_H;

    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> input;
    TestOutputTopic<String, SynthesizedFrame> output;
    TestOutputTopic<String, FrameRejected> rejected;
    AvroSerializer<SemanticFrame> frames;

    @BeforeEach
    void start() {
        use(new TopologyHarness(Map.of(), 1));
    }

    private void use(TopologyHarness h) {
        driver = h.driver;
        input = h.input;
        output = h.output;
        rejected = h.rejected;
        frames = h.frames;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** One hostile record: what to send, and what must come back. */
    record Case(String name, Supplier<byte[]> value, String key, RejectionReason reason, String messageMentions, boolean namesFrame) {}

    private byte[] avro(SemanticFrame f) {
        return frames.serialize("semantic-frames", f);
    }

    private byte[] frame(int w, int h, byte[] labels) {
        return avro(TestFrames.frame("v", 5, w, h, labels, null));
    }

    private byte[] withInstances(byte[] instances) {
        SemanticFrame f = TestFrames.frame("v", 5, W, H, 7);
        f.setInstances(ByteBuffer.wrap(instances));
        return avro(f);
    }

    List<Case> matrix() {
        byte[] good = TestFrames.labelPng(W, H, 7);
        List<Case> c = new ArrayList<>();
        c.add(new Case("decompression bomb (20000x20000 in ~390 KB, record claims 1024x512)",
                () -> frame(1024, 512, HostileFrames.bomb(20000, 20000)), "v", RejectionReason.TOO_LARGE, "20000x20000", true));
        c.add(new Case("header claiming 100000x100000", () -> frame(1024, 512, HostileFrames.headerOnly(100000, 100000)), "v",
                RejectionReason.TOO_LARGE, "100000x100000", true));
        c.add(new Case("header claiming 4294967295 x 1", () -> frame(1024, 512, HostileFrames.headerOnly(0xffffffffL, 1)), "v",
                RejectionReason.TOO_LARGE, "4294967295x1", true));
        c.add(new Case("instance map bomb", () -> withInstances(HostileFrames.bomb(20000, 20000)), "v", RejectionReason.TOO_LARGE,
                "instance map", true));
        c.add(new Case("header smaller than the record claims", () -> frame(2 * W, 2 * H, good), "v", RejectionReason.WRONG_SIZE,
                "record says", true));
        c.add(new Case("truncated PNG (half)", () -> frame(W, H, HostileFrames.truncated(good, good.length / 2)), "v",
                RejectionReason.CORRUPT_IMAGE, "label map", true));
        c.add(new Case("truncated inside the header", () -> frame(W, H, HostileFrames.truncated(good, 20)), "v",
                RejectionReason.CORRUPT_IMAGE, "truncated", true));
        c.add(new Case("header CRC corrupt", () -> frame(W, H, HostileFrames.badHeaderCrc(good)), "v", RejectionReason.CORRUPT_IMAGE,
                "CRC", true));
        c.add(new Case("pixel data corrupt", () -> frame(W, H, HostileFrames.corruptPixels(good)), "v", RejectionReason.CORRUPT_IMAGE,
                "label map", true));
        c.add(new Case("16-bit label map", () -> frame(W, H, HostileFrames.grey16(W, H)), "v", RejectionReason.CORRUPT_IMAGE,
                "16-bit grey", true));
        c.add(new Case("RGB PNG", () -> frame(W, H, HostileFrames.rgb(W, H)), "v", RejectionReason.CORRUPT_IMAGE, "8-bit RGB", true));
        c.add(new Case("JPEG", () -> frame(W, H, HostileFrames.jpeg(W, H)), "v", RejectionReason.CORRUPT_IMAGE, "JPEG", true));
        c.add(new Case("not an image", () -> frame(W, H, "hello, world".getBytes()), "v", RejectionReason.CORRUPT_IMAGE,
                "not an image", true));
        c.add(new Case("empty labels", () -> frame(W, H, new byte[0]), "v", RejectionReason.CORRUPT_IMAGE, "empty", true));
        c.add(new Case("unknown label ids", () -> frame(W, H, TestFrames.labelPng(W, H, 200)), "v", RejectionReason.UNKNOWN_LABEL,
                "200", true));
        c.add(new Case("odd size: another aspect ratio", () -> frame(W + 1, H, TestFrames.labelPng(W + 1, H, 7)), "v",
                RejectionReason.WRONG_SIZE, "aspect", true));
        c.add(new Case("odd size: 1x1", () -> frame(1, 1, TestFrames.labelPng(1, 1, 7)), "v", RejectionReason.WRONG_SIZE, "1x1", true));
        c.add(new Case("zero size claimed", () -> frame(0, 0, good), "v", RejectionReason.INVALID_FIELD, "0x0", true));
        c.add(new Case("frame index jump of 10^9", () -> avro(TestFrames.frame("v", 1_000_000_000L, W, H, 7)), "v",
                RejectionReason.GAP_TOO_LARGE, "max.frame.gap", true));
        c.add(new Case("negative frame index", () -> avro(TestFrames.frame("v", -3, W, H, 7)), "v", RejectionReason.INVALID_FIELD,
                "negative", true));
        c.add(new Case("null key", () -> avro(TestFrames.frame("v", 5, W, H, 7)), null, RejectionReason.INVALID_FIELD, "no key", true));
        c.add(new Case("key differs from videoId", () -> avro(TestFrames.frame("w", 5, W, H, 7)), "v", RejectionReason.INVALID_FIELD,
                "differs", true));
        c.add(new Case("null value", () -> null, "v", RejectionReason.INVALID_FIELD, "no value", false));
        c.add(new Case("not Confluent's wire format", () -> new byte[] {7, 7, 7, 7, 7, 7}, "v", RejectionReason.SCHEMA_ERROR,
                "magic", false));
        c.add(new Case("unknown schema id", () -> new byte[] {0, 0, 0, 0x7f, 1, 2, 3}, "v", RejectionReason.SCHEMA_ERROR,
                "unknown schema id", false));
        c.add(new Case("truncated Avro body", () -> {
            byte[] v = avro(TestFrames.frame("v", 5, W, H, 7));
            return Arrays.copyOf(v, v.length / 2);
        }, "v", RejectionReason.SCHEMA_ERROR, "truncated", false));
        c.add(new Case("Avro body with trailing garbage", () -> {
            byte[] v = avro(TestFrames.frame("v", 5, W, H, 7));
            byte[] out = Arrays.copyOf(v, v.length + 3);
            return out;
        }, "v", RejectionReason.SCHEMA_ERROR, "trailing", false));
        c.add(new Case("record over max.record.bytes", () -> new byte[16 * 1024 * 1024 + 1], "v", RejectionReason.TOO_LARGE,
                "max.record.bytes", false));
        return c;
    }

    @Test
    void everyHostileRecordGivesOneClearRejectionAndTheVideoGoesOn() {
        input.pipeInput("v", avro(TestFrames.frame("v", 0, W, H, 7)));
        assertEquals(0L, output.readValue().getFrameIndex());
        long next = 1;
        for (Case c : matrix()) {
            input.pipeInput(c.key(), c.value().get());
            List<FrameRejected> r = rejected.readValuesToList();
            assertEquals(1, r.size(), c.name() + ": rejections");
            FrameRejected rejection = r.get(0);
            String m = rejection.getMessage();
            assertEquals(c.reason(), rejection.getReason(), c.name() + ": " + m);
            assertTrue(m.contains(c.messageMentions()), c.name() + ": message should mention '" + c.messageMentions() + "': " + m);
            assertFalse(m.contains("null"), c.name() + ": " + m);
            if (c.namesFrame()) {
                assertEquals(c.name().startsWith("key differs") ? "w" : "v", rejection.getVideoId(), c.name());
                assertTrue(rejection.getFrameIndex() != null, c.name() + ": frame index not filled in");
            }
            assertTrue(output.isEmpty(), c.name() + ": made a frame");
            // the video is untouched: its next frame continues the sequence
            input.pipeInput("v", avro(TestFrames.frame("v", next++, W, H, 7)));
            SynthesizedFrame f = output.readValue();
            assertEquals(next - 1, f.getFrameIndex(), c.name());
            assertFalse(f.getRestarted(), c.name() + ": the video restarted");
        }
    }

    @Test
    void aBombIsRefusedWithoutDecodingItsPixels() {
        byte[] bomb = frame(1024, 512, HostileFrames.bomb(20000, 20000));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        input.pipeInput("v", bomb);
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(RejectionReason.TOO_LARGE, rejected.readValue().getReason());
        // decoding would allocate 400 MB of samples (1.6 GB as ImageIO's int[]); reading the record takes a few MB
        assertTrue(allocated < 32L << 20, "allocated " + (allocated >> 20) + " MB for a refused bomb");
    }

    @Test
    void aPaletteLabelMapReadsItsIndexesAsLabelIds() throws Exception {
        input.pipeInput("v", frame(W, H, HostileFrames.palette(W, H, 7)));
        input.pipeInput("g", avro(TestFrames.frame("g", 5, W, H, 7)));
        assertTrue(rejected.isEmpty(), () -> rejected.readValue().getMessage());
        List<SynthesizedFrame> out = output.readValuesToList();
        assertEquals(2, out.size());
        assertEquals(out.get(1).getImage(), out.get(0).getImage(), "palette and grey label maps give the same frame");
    }

    @Test
    void aVideoOnAnotherPartitionThanItsKeysIsRefusedWithTheProducerSettingToFix() {
        // the test driver reads every record from partition 0; with 3 partitions only keys whose murmur2 hash
        // gives partition 0 belong there
        InputPartitioning three = new InputPartitioning(3);
        String home = null;
        String away = null;
        for (int i = 0; home == null || away == null; i++) {
            String key = "video-" + i;
            if (three.expected(key) == 0) {
                home = home == null ? key : home;
            } else {
                away = away == null ? key : away;
            }
        }
        driver.close();
        use(new TopologyHarness(Map.of(), 3));

        input.pipeInput(home, avro(TestFrames.frame(home, 0, W, H, 7)));
        input.pipeInput(away, avro(TestFrames.frame(away, 0, W, H, 7)));
        assertEquals(home, output.readValue().getVideoId());
        assertTrue(output.isEmpty());
        FrameRejected r = rejected.readValue();
        assertEquals(RejectionReason.WRONG_PARTITION, r.getReason());
        assertEquals(away, r.getVideoId());
        assertEquals(0L, r.getFrameIndex());
        assertTrue(r.getMessage().contains("partitioner=murmur2_random"), r.getMessage());
    }
}
