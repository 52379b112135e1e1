package ai.vidsynth.topology.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the viewer page shows: the newest synthesized frame of each active video, with its frame rate and
 * latency, and the events that tell open pages about them. Memory is bounded whatever the traffic: one frame
 * per video for at most {@code maxVideos} videos (the least recently updated goes first), and per page a queue
 * of at most {@link #EVENTS_PER_CLIENT} events, where a page too slow to take them loses the oldest — it only
 * ever needs the newest frame of each video.
 */
public final class LiveFrames {

    static final int EVENTS_PER_CLIENT = 64;
    /** Smoothing of the frame rate and latency shown: about the last 10 frames count. */
    private static final double SMOOTHING = 0.1;

    /** One video's newest frame and its running figures. */
    /** {@code image}: the frame as published, PNG or JPEG. */
    public record Video(String videoId, long frameIndex, byte[] image, int width, int height, String modelId, double fps,
            double latencyMs, double modelMs, long updatedAtMs) {

        String json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("videoId", videoId);
            m.put("frameIndex", frameIndex);
            m.put("width", width);
            m.put("height", height);
            m.put("model", modelId);
            m.put("fps", Math.round(fps * 100) / 100.0);
            m.put("latencyMs", Math.round(latencyMs));
            m.put("modelMs", Math.round(modelMs));
            return LiveFrames.json(m);
        }
    }

    private final int maxVideos;
    private final long idleMs;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Insertion order, re-inserted on each frame: the least recently updated video comes first. */
    private final Map<String, Video> videos = new LinkedHashMap<>();
    private final List<BlockingQueue<String>> clients = new CopyOnWriteArrayList<>();

    /**
     * @param maxVideos videos shown at most
     * @param idleMs    a video without a new frame for this long is dropped from the page
     */
    public LiveFrames(int maxVideos, long idleMs) {
        this.maxVideos = maxVideos;
        this.idleMs = idleMs;
    }

    /** A new synthesized frame of a video, arrived at {@code nowMs}, {@code latencyMs} after its input was produced. */
    public void publish(String videoId, long frameIndex, byte[] image, int width, int height, String modelId, long latencyMs,
            long modelMs, long nowMs) {
        Video v;
        List<String> gone;
        synchronized (this) {
            Video before = videos.get(videoId);
            double fps = 0;
            double latency = latencyMs;
            double model = modelMs;
            if (before != null && frameIndex > before.frameIndex()) {
                double instant = 1000.0 * (frameIndex - before.frameIndex()) / Math.max(1, nowMs - before.updatedAtMs());
                fps = before.fps() == 0 ? instant : before.fps() + SMOOTHING * (instant - before.fps());
                latency = before.latencyMs() + SMOOTHING * (latencyMs - before.latencyMs());
                model = before.modelMs() + SMOOTHING * (modelMs - before.modelMs());
            }
            v = new Video(videoId, frameIndex, image, width, height, modelId, fps, latency, model, nowMs);
            videos.remove(videoId);
            videos.put(videoId, v);
            gone = dropIdleAndOldest(nowMs);
        }
        for (String id : gone) {
            send("gone", json(Map.of("videoId", id)));
        }
        send("frame", v.json());
    }

    /** The newest frame of a video, if it is shown. */
    public synchronized Optional<Video> video(String videoId) {
        return Optional.ofNullable(videos.get(videoId));
    }

    /** The videos shown, most recently updated last. */
    public synchronized List<Video> videos() {
        List<Video> out = new ArrayList<>(videos.values());
        out.sort(Comparator.comparingLong(Video::updatedAtMs));
        return out;
    }

    /**
     * A new page's event queue, already holding the current frame of every video; {@link #unsubscribe} it when
     * the page goes. Events are server-sent-event blocks ({@code event:} and {@code data:} lines).
     */
    public BlockingQueue<String> subscribe() {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(EVENTS_PER_CLIENT);
        for (Video v : videos()) {
            queue.offer(event("frame", v.json()));
        }
        clients.add(queue);
        return queue;
    }

    public void unsubscribe(BlockingQueue<String> queue) {
        clients.remove(queue);
    }

    int clients() {
        return clients.size();
    }

    /** Drops videos idle for longer than {@code idleMs} (also called without new frames, by the event loop). */
    public void expire(long nowMs) {
        List<String> gone;
        synchronized (this) {
            gone = dropIdleAndOldest(nowMs);
        }
        for (String id : gone) {
            send("gone", json(Map.of("videoId", id)));
        }
    }

    private List<String> dropIdleAndOldest(long nowMs) {
        List<String> gone = new ArrayList<>();
        var it = videos.values().iterator();
        while (it.hasNext()) {
            Video v = it.next();
            if (videos.size() > maxVideos || nowMs - v.updatedAtMs() > idleMs) {
                gone.add(v.videoId());
                it.remove();
            }
        }
        return gone;
    }

    private void send(String type, String json) {
        String e = event(type, json);
        for (BlockingQueue<String> q : clients) {
            while (!q.offer(e)) {
                // a slow page: it loses its oldest event, never the newest
                q.poll();
            }
        }
    }

    private static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
