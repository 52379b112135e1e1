package ai.vidsynth.topology.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/** The viewer's memory stays bounded whatever the traffic, and a slow page still gets the newest frame. */
class LiveFramesTest {

    private static void frame(LiveFrames live, String video, long index, long now) {
        live.publish(video, index, new byte[] {(byte) index}, 4, 2, "m", 100, 50, now);
    }

    @Test
    void keepsOneFramePerVideoForAtMostMaxVideos() {
        LiveFrames live = new LiveFrames(3, 60_000);
        for (int i = 0; i < 1000; i++) {
            frame(live, "v" + (i % 10), i / 10, i);
        }
        List<LiveFrames.Video> shown = live.videos();
        assertEquals(3, shown.size());
        // the three most recently updated, newest last, each with its newest frame
        assertEquals(List.of("v7", "v8", "v9"), shown.stream().map(LiveFrames.Video::videoId).toList());
        assertEquals(99, shown.get(2).frameIndex());
        assertTrue(live.video("v0").isEmpty());
    }

    @Test
    void aSlowPageLosesOldEventsNeverTheNewest() {
        LiveFrames live = new LiveFrames(8, 60_000);
        BlockingQueue<String> page = live.subscribe();
        for (int i = 0; i < 10 * LiveFrames.EVENTS_PER_CLIENT; i++) {
            frame(live, "v", i, i);
        }
        assertEquals(LiveFrames.EVENTS_PER_CLIENT, page.size());
        List<String> events = new ArrayList<>(page);
        assertTrue(events.get(events.size() - 1).contains("\"frameIndex\":" + (10 * LiveFrames.EVENTS_PER_CLIENT - 1)), events.get(events.size() - 1));
        live.unsubscribe(page);
        assertEquals(0, live.clients());
    }

    @Test
    void idleVideosLeaveThePageAndPagesAreTold() throws Exception {
        LiveFrames live = new LiveFrames(8, 1000);
        frame(live, "quiet", 0, 0);
        frame(live, "busy", 0, 0);
        BlockingQueue<String> page = live.subscribe();
        page.clear();
        frame(live, "busy", 1, 900);
        live.expire(1500);
        assertEquals(List.of("busy"), live.videos().stream().map(LiveFrames.Video::videoId).toList());
        List<String> events = new ArrayList<>(page);
        assertTrue(events.stream().anyMatch(e -> e.startsWith("event: gone") && e.contains("\"quiet\"")), events.toString());
    }

    @Test
    void framesPerSecondFollowTheStream() {
        LiveFrames live = new LiveFrames(8, 60_000);
        for (int i = 0; i < 50; i++) {
            frame(live, "v", i, i * 100L);
        }
        assertEquals(10.0, live.video("v").orElseThrow().fps(), 0.01);
    }
}
