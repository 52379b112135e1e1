package ai.vidsynth.topology.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.RejectionReason;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.state.InFlightFrames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Pipelining (README: Pipelining): a frame's last steps run in the task's next {@code process()} call or punctuation,
 * while its record waits in the in-flight store. The model runs on the calling thread here ({@code Runnable::run}), so
 * what is checked is the order of the steps and the store, deterministically; the real model threads and crashes are
 * the fault suite's (FaultSuiteTest, on a real broker, pipelined by default).
 */
class PipelinedProcessorTest {

    static final int W = StateProbeSynthesizer.SIZE_W;
    static final int H = StateProbeSynthesizer.SIZE_H;
    static final Map<Setting, String> SETTINGS = Map.of(Setting.MAX_RECORD_BYTES, "20000", Setting.MAX_FRAME_WIDTH, "64",
            Setting.MAX_FRAME_HEIGHT, "32", Setting.MAX_FRAME_GAP, "3");
    static final Executor HERE = Runnable::run;

    /** Two interleaved videos with a duplicate, an undecodable record, a gap, a gap too large and an end of sequence. */
    static void feed(TopologyHarness h) {
        send(h, TestFrames.frame("v", 0, W, H, 7));
        send(h, TestFrames.frame("w", 0, W, H, 3));
        send(h, TestFrames.frame("v", 1, W, H, 7));
        send(h, TestFrames.frame("v", 1, W, H, 7));
        h.input.pipeInput("x", new byte[] {0, 1, 2, 3});
        send(h, TestFrames.frame("w", 1, W, H, 3));
        send(h, TestFrames.frame("v", 3, W, H, 7));
        send(h, TestFrames.frame("w", 9, W, H, 3));
        send(h, TestFrames.frame("v", 4, W, H, TestFrames.labelPng(W, H, 7), TestFrames.end()));
        send(h, TestFrames.frame("v", 5, W, H, 7));
    }

    static void send(TopologyHarness h, SemanticFrame f) {
        h.input.pipeInput(f.getVideoId(), h.frames.serialize("semantic-frames", f));
    }

    record Out(String video, long index, List<Byte> image, boolean restarted) {}

    static List<Out> outputs(TopologyHarness h) {
        List<Out> out = new ArrayList<>();
        for (SynthesizedFrame f : h.output.readValuesToList()) {
            byte[] b = new byte[f.getImage().remaining()];
            f.getImage().duplicate().get(b);
            List<Byte> bytes = new ArrayList<>();
            for (byte x : b) {
                bytes.add(x);
            }
            out.add(new Out(f.getVideoId(), f.getFrameIndex(), bytes, f.getRestarted()));
        }
        return out;
    }

    static List<String> rejections(TopologyHarness h) {
        return h.rejected.readValuesToList().stream().map(r -> r.getVideoId() + "/" + r.getFrameIndex() + " " + r.getReason()
                + " @" + r.getSource().getOffset()).toList();
    }

    /** Frames 0 to n - 1 of one video, on its own and not pipelined: what any other run must publish for it. */
    static List<Out> aloneAndOneAtATime(String video, int n) {
        try (TopologyHarness plain = new TopologyHarness(SETTINGS, 1)) {
            for (int i = 0; i < n; i++) {
                send(plain, TestFrames.frame(video, i, W, H, 7));
            }
            return outputs(plain);
        }
    }

    static InFlightFrames inFlight(TopologyHarness h) {
        return new InFlightFrames(h.driver.getKeyValueStore(InFlightFrames.STORE));
    }

    static void idle(TopologyHarness h) {
        h.driver.advanceWallClockTime(Duration.ofMillis(5));
    }

    @Test
    void pipelinedFramesAndRejectionsEqualOneFrameAtATime() {
        List<Out> expected;
        List<String> expectedRejections;
        try (TopologyHarness plain = new TopologyHarness(SETTINGS, 1)) {
            feed(plain);
            expected = outputs(plain);
            expectedRejections = rejections(plain);
        }
        try (TopologyHarness piped = new TopologyHarness(SETTINGS, 1, HERE)) {
            feed(piped);
            idle(piped);
            assertEquals(expected, outputs(piped));
            assertEquals(expectedRejections, rejections(piped));
        }
        assertEquals(7, expected.size(), "v 0 1 3 4, v 5 after its end, w 0 1");
        assertTrue(expectedRejections.contains("v/1 DUPLICATE @3"), expectedRejections.toString());
        assertTrue(expectedRejections.contains("w/9 GAP_TOO_LARGE @7"), expectedRejections.toString());
    }

    @Test
    void aFrameInFlightIsInTheStoreUntilItsNextFrameOrAPauseLetsItOut() {
        try (TopologyHarness piped = new TopologyHarness(SETTINGS, 1, HERE)) {
            InFlightFrames store = inFlight(piped);
            send(piped, TestFrames.frame("v", 0, W, H, 7));
            assertTrue(piped.output.isEmpty(), "frame 0 is published after its model, by the task's next step");
            assertNotNull(store.get());
            assertEquals(0, store.get().offset());
            send(piped, TestFrames.frame("v", 1, W, H, 7));
            assertEquals(List.of(0L), piped.output.readValuesToList().stream().map(SynthesizedFrame::getFrameIndex).toList());
            assertEquals(1, store.get().offset());
            idle(piped);
            assertEquals(List.of(1L), piped.output.readValuesToList().stream().map(SynthesizedFrame::getFrameIndex).toList());
            assertNull(store.get(), "nothing in flight once published");
        }
    }

    /**
     * A task whose previous owner crashed (or lost it in a rebalance) with a frame in flight finds its record in the
     * store, and the video goes on as if nothing had happened: the frames equal an uninterrupted run's.
     */
    @Test
    void aFrameLeftInTheStoreByAPreviousOwnerIsProcessedAgain() {
        List<Out> expected = aloneAndOneAtATime("v", 3);
        try (TopologyHarness piped = new TopologyHarness(SETTINGS, 1, HERE)) {
            SemanticFrame first = TestFrames.frame("v", 0, W, H, 7);
            inFlight(piped).put(new InFlightFrames.Input("v",
                    piped.frames.serialize("semantic-frames", first), 0, "semantic-frames", 0, 41));
            send(piped, TestFrames.frame("v", 1, W, H, 7));
            send(piped, TestFrames.frame("v", 2, W, H, 7));
            idle(piped);
            assertEquals(expected, outputs(piped));
            assertTrue(piped.rejected.isEmpty());
        }
    }

    /** A record left in the store that is not a frame is answered like any other, with its own source offset. */
    @Test
    void aHostileRecordLeftInTheStoreIsRejectedOnce() {
        try (TopologyHarness piped = new TopologyHarness(SETTINGS, 1, HERE)) {
            inFlight(piped).put(new InFlightFrames.Input(null, null, 0,
                    "semantic-frames", 0, 41));
            idle(piped);
            idle(piped);
            List<FrameRejected> r = piped.rejected.readValuesToList();
            assertEquals(1, r.size());
            assertEquals(41, r.get(0).getSource().getOffset());
            assertEquals(RejectionReason.INVALID_FIELD, r.get(0).getReason());
            assertNull(inFlight(piped).get());
        }
    }

    /**
     * A video's state comes from memory while it is among the last few videos advanced, and from the stores once
     * more videos came between (VideoStores keeps 8): both give the same frames.
     */
    @Test
    void aVideoOutOfTheRecentStatesGoesOnFromTheStoresWithTheSameFrames() {
        List<Out> alone = aloneAndOneAtATime("a", 3);
        try (TopologyHarness piped = new TopologyHarness(SETTINGS, 1, HERE)) {
            for (int i = 0; i < 3; i++) {
                for (int v = 0; v < 12; v++) {
                    send(piped, TestFrames.frame(v == 0 ? "a" : "other-" + v, i, W, H, 7));
                }
            }
            idle(piped);
            List<Out> interleaved = outputs(piped).stream().filter(o -> o.video().equals("a")).toList();
            assertEquals(alone, interleaved);
        }
    }

    @Test
    void inputRecordsSurviveTheStoreCodecWithNullsAndBinaryKeys() {
        InFlightFrames.Input in = new InFlightFrames.Input("vïdeo\u0000", new byte[] {(byte) 0xff, 0, 7}, -3, "t", 2, Long.MAX_VALUE);
        assertArrayEquals(in.value(), roundTrip(in).value());
        assertEquals(in.key(), roundTrip(in).key());
        assertEquals(in.offset(), roundTrip(in).offset());
        InFlightFrames.Input nulls = new InFlightFrames.Input(null, null, 5, "t", 0, 1);
        assertNull(roundTrip(nulls).key());
        assertNull(roundTrip(nulls).value());
    }

    private static InFlightFrames.Input roundTrip(InFlightFrames.Input in) {
        try (TopologyHarness piped = new TopologyHarness(SETTINGS, 1, HERE)) {
            InFlightFrames store = inFlight(piped);
            store.put(in);
            return store.get();
        }
    }
}
