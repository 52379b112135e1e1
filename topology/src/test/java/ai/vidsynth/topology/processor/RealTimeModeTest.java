package ai.vidsynth.topology.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.GeneratorKind;
import ai.vidsynth.schemas.RejectionReason;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.topology.StateProbeSynthesizer;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.config.Setting;
import ai.vidsynth.topology.state.StateCodec;
import ai.vidsynth.topology.state.VideoProgress;
import ai.vidsynth.topology.state.VideoStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real-time mode on TopologyTestDriver: a frame whose record waited longer than {@code latency.budget.ms} when
 * its turn comes (the driver's wall clock advanced past its timestamp) is answered STALE, exactly once, and the
 * video goes on from its next fresh frame, conditioned on the frames before the skipped one.
 */
class RealTimeModeTest {

    static final int W = StateProbeSynthesizer.SIZE_W;
    static final int H = StateProbeSynthesizer.SIZE_H;

    TopologyHarness h;
    Instant clock;

    @BeforeEach
    void start() {
        h = new TopologyHarness(Map.of(Setting.LATENCY_BUDGET_MS, "1000"), 1);
        // the driver's wall clock starts at the real time; keep it ahead of the real clock so only it decides
        h.driver.advanceWallClockTime(Duration.ofMinutes(1));
        clock = Instant.now().plus(Duration.ofMinutes(1));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** Sends frame {@code index} of video v, produced {@code waitedMs} before the driver's clock. */
    void send(long index, long waitedMs) {
        h.input.pipeInput("v", h.frames.serialize("semantic-frames", TestFrames.frame("v", index, W, H, 7)),
                clock.minusMillis(waitedMs));
    }

    static int pastFramesSeen(SynthesizedFrame f) throws Exception {
        return image(f).rgb()[0] & 0xff;
    }

    static int chain(SynthesizedFrame f) throws Exception {
        return image(f).rgb()[1] & 0xff;
    }

    static RgbImage image(SynthesizedFrame f) throws java.io.IOException {
        return RgbImage.decode(TestFrames.bytes(f.getImage()));
    }

    VideoProgress progress() {
        return StateCodec.decodeProgress(h.driver.<String, byte[]>getKeyValueStore(VideoStores.PROGRESS).get("v"));
    }

    @Test
    void aFrameOlderThanTheBudgetIsAnsweredStaleAndTheNextGoesOnFromTheFramesBeforeIt() throws Exception {
        send(0, 10);
        send(1, 10);
        send(2, 5_000);
        send(3, 10);
        send(4, 10);

        List<FrameRejected> rejected = h.rejected.readValuesToList();
        assertEquals(1, rejected.size());
        assertEquals(RejectionReason.STALE, rejected.get(0).getReason());
        assertEquals(2L, rejected.get(0).getFrameIndex());
        assertTrue(rejected.get(0).getMessage().contains("latency.budget.ms 1000"), rejected.get(0).getMessage());

        List<SynthesizedFrame> out = h.output.readValuesToList();
        assertEquals(List.of(0L, 1L, 3L, 4L), out.stream().map(SynthesizedFrame::getFrameIndex).toList());
        SynthesizedFrame three = out.get(2);
        assertFalse(three.getRestarted(), "a skipped frame is not a gap");
        assertEquals(GeneratorKind.SEQUENTIAL, three.getGenerator());
        assertEquals(2, pastFramesSeen(three), "frame 3 reads frames 0 and 1");
        assertEquals(2, chain(three), "conditioned on frame 1, the newest synthesized");
        assertEquals(3, chain(out.get(3)), "frame 4 on frame 3");
        assertEquals(2, pastFramesSeen(out.get(3)));
        assertEquals(new VideoProgress(5, 2, null, Map.of(), progress().lastSeenMs(), 4), progress(),
                "four frames synthesized, five consumed");
        assertTrue(out.get(0).getTimings().getQueueMs() < 1000);
    }

    @Test
    void aStaleFirstFrameStartsTheVideoWithoutConditioning() throws Exception {
        send(0, 2_000);
        send(1, 10);
        send(2, 10);
        assertEquals(List.of(RejectionReason.STALE), h.rejected.readValuesToList().stream().map(FrameRejected::getReason).toList());
        List<SynthesizedFrame> out = h.output.readValuesToList();
        assertEquals(List.of(1L, 2L), out.stream().map(SynthesizedFrame::getFrameIndex).toList());
        assertEquals(0, pastFramesSeen(out.get(0)));
        assertEquals(GeneratorKind.SINGLE_IMAGE, out.get(0).getGenerator());
        assertEquals(1, pastFramesSeen(out.get(1)));
    }

    @Test
    void everyInputGetsExactlyOneAnswerUnderSustainedOverload() throws Exception {
        for (int i = 0; i < 40; i++) {
            send(i, i % 2 == 1 ? 1_500 : 100);
        }
        List<SynthesizedFrame> out = h.output.readValuesToList();
        List<FrameRejected> rejected = h.rejected.readValuesToList();
        assertEquals(40, out.size() + rejected.size());
        assertEquals(20, rejected.size());
        assertTrue(rejected.stream().allMatch(r -> r.getReason() == RejectionReason.STALE));
        assertEquals(20, chain(out.get(out.size() - 1)) + 1, "every synthesized frame continued from the one before");
    }

    @Test
    void offByDefault() throws Exception {
        try (TopologyHarness plain = new TopologyHarness(Map.of(), 1)) {
            plain.input.pipeInput("v", plain.frames.serialize("semantic-frames", TestFrames.frame("v", 0, W, H, 7)),
                    Instant.now().minus(Duration.ofHours(1)));
            assertEquals(1, plain.output.readValuesToList().size());
            assertTrue(plain.rejected.isEmpty());
        }
    }
}
