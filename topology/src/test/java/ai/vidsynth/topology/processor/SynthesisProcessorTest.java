package ai.vidsynth.topology.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.GeneratorKind;
import ai.vidsynth.schemas.RejectionReason;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.serde.AvroSerializer;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.state.StateCodec;
import ai.vidsynth.topology.state.VideoStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SynthesisProcessorTest {

    static final int W = StateProbeSynthesizer.SIZE_W;
    static final int H = StateProbeSynthesizer.SIZE_H;

    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> input;
    TestOutputTopic<String, SynthesizedFrame> output;
    TestOutputTopic<String, FrameRejected> rejected;
    AvroSerializer<SemanticFrame> frames;

    @BeforeEach
    void start() {
        TopologyHarness h = new TopologyHarness(Map.of(
                Setting.IDLE_TIMEOUT_MS, "60000",
                Setting.PUNCTUATE_INTERVAL_MS, "1000",
                Setting.MAX_RECORD_BYTES, "20000",
                Setting.MAX_FRAME_WIDTH, "64",
                Setting.MAX_FRAME_HEIGHT, "32"), 1);
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

    void send(SemanticFrame f) {
        input.pipeInput(f.getVideoId(), frames.serialize("semantic-frames", f));
    }

    void send(String video, long index) {
        send(TestFrames.frame(video, index, W, H, 7));
    }

    static RgbImage image(SynthesizedFrame f) throws Exception {
        byte[] b = new byte[f.getImage().remaining()];
        f.getImage().duplicate().get(b);
        return RgbImage.decode(b);
    }

    /** The probe writes the number of past frames it saw into red and a running count into green. */
    static int pastFramesSeen(SynthesizedFrame f) throws Exception {
        return image(f).rgb()[0] & 0xff;
    }

    static int chain(SynthesizedFrame f) throws Exception {
        return image(f).rgb()[1] & 0xff;
    }

    KeyValueStore<String, byte[]> progressStore() {
        return driver.getKeyValueStore(VideoStores.PROGRESS);
    }

    @Test
    void threeFrameVideoProducesThreeOutputsInOrderWithGrowingConditioning() throws Exception {
        send("v", 0);
        send("v", 1);
        send("v", 2);
        List<SynthesizedFrame> out = output.readValuesToList();
        assertEquals(3, out.size());
        assertEquals(List.of(0L, 1L, 2L), out.stream().map(SynthesizedFrame::getFrameIndex).toList());
        assertEquals(List.of(0, 1, 2), List.of(pastFramesSeen(out.get(0)), pastFramesSeen(out.get(1)), pastFramesSeen(out.get(2))));
        assertEquals(2, chain(out.get(2)), "frame 2 was conditioned on frame 1, which was conditioned on frame 0");
        assertEquals(GeneratorKind.SINGLE_IMAGE, out.get(0).getGenerator());
        assertEquals(GeneratorKind.SEQUENTIAL, out.get(2).getGenerator());
        assertEquals(W, out.get(0).getWidth());
        assertEquals("state-probe:1", out.get(0).getModelId());
        assertTrue(rejected.isEmpty());
    }

    @Test
    void duplicateAndOlderFramesAreRejectedAndDoNotChangeState() throws Exception {
        send("v", 0);
        send("v", 1);
        send("v", 2);
        byte[] before = progressStore().get("v");
        send("v", 2);
        send("v", 0 + 1);
        assertEquals(List.of(RejectionReason.DUPLICATE, RejectionReason.OUT_OF_ORDER),
                rejected.readValuesToList().stream().map(FrameRejected::getReason).toList());
        assertEquals(StateCodec.decodeProgress(before), StateCodec.decodeProgress(progressStore().get("v")));
        output.readValuesToList();
        send("v", 3);
        SynthesizedFrame next = output.readValue();
        assertEquals(3, chain(next), "the sequence continues from frame 2 as if nothing had happened");
    }

    @Test
    void gapRestartsConditioningAndSaysSo() throws Exception {
        send("v", 0);
        send("v", 1);
        send("v", 5);
        send("v", 6);
        List<SynthesizedFrame> out = output.readValuesToList();
        assertFalse(out.get(1).getRestarted());
        assertTrue(out.get(2).getRestarted());
        assertEquals(0, pastFramesSeen(out.get(2)));
        assertEquals(GeneratorKind.SINGLE_IMAGE, out.get(2).getGenerator());
        assertFalse(out.get(3).getRestarted());
        assertEquals(1, pastFramesSeen(out.get(3)));
    }

    @Test
    void startControlResetsTheVideo() throws Exception {
        send("v", 0);
        send("v", 1);
        send(TestFrames.frame("v", 7, W, H, TestFrames.labelPng(W, H, 7), TestFrames.start()));
        List<SynthesizedFrame> out = output.readValuesToList();
        assertEquals(0, pastFramesSeen(out.get(2)));
        assertFalse(out.get(2).getRestarted(), "a requested start is not a gap");
    }

    @Test
    void endOfSequenceRemovesTheVideosState() {
        send("v", 0);
        send(TestFrames.frame("v", 1, W, H, TestFrames.labelPng(W, H, 7), TestFrames.end()));
        assertEquals(2, output.readValuesToList().size());
        assertNull(progressStore().get("v"));
        KeyValueStore<String, byte[]> past = driver.getKeyValueStore(VideoStores.PAST_FRAMES);
        assertNull(past.get("v#0"));
        assertNull(past.get("v#1"));
    }

    @Test
    void idleVideoIsEvictedAfterTheTimeout() {
        send("v", 0);
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertTrue(progressStore().get("v") != null, "not idle long enough yet");
        driver.advanceWallClockTime(Duration.ofSeconds(31));
        assertNull(progressStore().get("v"));
        assertNull(driver.<String, byte[]>getKeyValueStore(VideoStores.PAST_FRAMES).get("v#0"));
    }

    @Test
    void eachKindOfBadInputGivesExactlyOneRejectionAndTheNextGoodFrameWorks() throws Exception {
        send("v", 0);
        send(TestFrames.frame("v", 1, W, H, new byte[] {1, 2, 3}, null));
        send(TestFrames.frame("v", 1, 20, 8, TestFrames.labelPng(20, 8, 7), null));
        send(TestFrames.frame("v", 1, W, H, TestFrames.labelPng(W, H, 200), null));
        input.pipeInput("v", new byte[30_000]);
        input.pipeInput("v", new byte[] {0, 0, 0, 0, 42, 1, 2});
        input.pipeInput("v", new byte[] {7, 7, 7});
        send(TestFrames.frame("w", 0, W, H, 7));
        input.pipeInput("v", frames.serialize("semantic-frames", TestFrames.frame("w", 1, W, H, 7)));
        List<FrameRejected> r = rejected.readValuesToList();
        assertEquals(List.of(RejectionReason.CORRUPT_IMAGE, RejectionReason.WRONG_SIZE, RejectionReason.UNKNOWN_LABEL,
                RejectionReason.TOO_LARGE, RejectionReason.SCHEMA_ERROR, RejectionReason.SCHEMA_ERROR, RejectionReason.INVALID_FIELD),
                r.stream().map(FrameRejected::getReason).toList());
        assertEquals(1L, r.get(0).getFrameIndex());
        assertEquals("v", r.get(0).getVideoId());
        assertEquals("semantic-frames", r.get(0).getSource().getTopic());
        assertEquals(2L, r.get(1).getSource().getOffset(), "offset of the wrong-size record (after frame 0 and the corrupt one)");
        send("v", 1);
        List<SynthesizedFrame> out = output.readValuesToList();
        SynthesizedFrame last = out.get(out.size() - 1);
        assertEquals(1L, last.getFrameIndex());
        assertEquals(1, chain(last), "bad records left video v's state alone");
    }

    @Test
    void sameAspectRatioIsResizedToTheModel() throws Exception {
        send(TestFrames.frame("v", 0, 2 * W, 2 * H, 7));
        SynthesizedFrame out = output.readValue();
        assertEquals(W, out.getWidth());
        assertEquals(H, image(out).height());
    }

    @Test
    void interleavedVideosKeepSeparateState() throws Exception {
        send("a", 0);
        send("b", 0);
        send("a", 1);
        send("b", 1);
        send("a", 2);
        List<SynthesizedFrame> out = output.readValuesToList();
        assertEquals(List.of("a", "b", "a", "b", "a"), out.stream().map(SynthesizedFrame::getVideoId).toList());
        assertEquals(2, chain(out.get(4)));
        assertEquals(1, chain(out.get(3)));
        assertTrue(rejected.isEmpty());
    }

    @Test
    void styleControlIsRememberedForTheVideo() {
        send(TestFrames.frame("v", 0, W, H, TestFrames.labelPng(W, H, 7),
                ai.vidsynth.schemas.FrameControl.newBuilder().setSeed(42L).setClassStyles(Map.of("26", 3)).build()));
        send("v", 1);
        var p = StateCodec.decodeProgress(progressStore().get("v"));
        assertEquals(42L, p.seed());
        assertEquals(Map.of(26, 3), p.classStyles());
    }
}
