package ai.vidsynth.topology.state;

import ai.vidsynth.model.runtime.VideoState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The per-video state, in two changelogged key-value stores:
 * <ul>
 *   <li>{@value #PROGRESS}: videoId → {@link VideoProgress};</li>
 *   <li>{@value #PAST_FRAMES}: videoId#slot → one past frame (output + labels), a ring of {@code K} slots
 *       (slot = frameIndex mod K), so each step writes one frame to the changelog instead of the whole
 *       history.</li>
 * </ul>
 */
public final class VideoStores {

    public static final String PROGRESS = "video-progress";
    public static final String PAST_FRAMES = "video-past-frames";

    /** Videos whose latest state is kept as the model returned it. */
    private static final int RECENT = 8;

    private final KeyValueStore<String, byte[]> progress;
    private final KeyValueStore<String, byte[]> pastFrames;
    private final int ringSize;
    /**
     * The latest state of the last few videos, as objects: a video's next frame takes it from here instead of
     * reading back and inflating what this task just wrote. Only the task writes its stores, and the processor makes
     * a new VideoStores in every {@code init()} (a task revived after a failed transaction, or moved), so this never
     * holds what the stores do not.
     */
    private final Map<String, Recent> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recent> eldest) {
            return size() > RECENT;
        }
    };
    /** Past frames {@link #advance} left for {@link #flush} to encode and write. */
    private final List<Deferred> deferred = new ArrayList<>();

    private record Recent(long nextPosition, VideoState state) {}

    private record Deferred(String key, StateCodec.PastFrame frame) {}

    public VideoStores(KeyValueStore<String, byte[]> progress, KeyValueStore<String, byte[]> pastFrames, int ringSize) {
        this.progress = progress;
        this.pastFrames = pastFrames;
        this.ringSize = ringSize;
    }

    /** Persistent (RocksDB) stores, or in-memory ones for fast tests; both changelogged. */
    public static List<StoreBuilder<KeyValueStore<String, byte[]>>> builders(boolean persistent, int maxValueBytes) {
        List<StoreBuilder<KeyValueStore<String, byte[]>>> out = new ArrayList<>();
        for (String name : List.of(PROGRESS, PAST_FRAMES)) {
            KeyValueBytesStoreSupplier supplier = persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
            out.add(Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray())
                    .withLoggingEnabled(java.util.Map.of("max.message.bytes", String.valueOf(maxValueBytes)))
                    .withCachingDisabled());
        }
        return out;
    }

    public VideoProgress progress(String videoId) {
        byte[] b = progress.get(videoId);
        return b == null ? null : StateCodec.decodeProgress(b);
    }

    public void putProgress(String videoId, VideoProgress p) {
        progress.put(videoId, StateCodec.encode(p));
    }

    /** The temporal conditioning a video's next frame reads: its last {@code conditioned} frames, oldest first. */
    public VideoState videoState(String videoId, VideoProgress p) {
        int n = Math.min(p.conditioned(), ringSize);
        if (n == 0) {
            return VideoState.EMPTY;
        }
        Recent r = recent.get(videoId);
        if (r != null && r.nextPosition() == p.nextPosition() && r.state().size() == n) {
            return r.state();
        }
        flush();
        List<ai.vidsynth.model.image.RgbImage> outs = new ArrayList<>();
        List<ai.vidsynth.model.labels.LabelFrame> labels = new ArrayList<>();
        for (long position = p.nextPosition() - n; position < p.nextPosition(); position++) {
            byte[] b = pastFrames.get(slotKey(videoId, position));
            StateCodec.PastFrame f = b == null ? null : StateCodec.decodePastFrame(b);
            if (f == null || f.position() != position) {
                throw new IllegalStateException("state of video " + videoId + " lacks the frame at position " + position);
            }
            outs.add(f.output());
            labels.add(f.labels());
        }
        return new VideoState(outs, labels);
    }

    /**
     * Persists what the model said the video's state is after frame {@code frameIndex}: its frames, newest last,
     * fill the ring positions up to the new frame's, and the progress records how many of them condition the
     * next frame. The new frame's position is its frame index when the video starts here ({@code previous} is
     * empty) and the position after the last conditioned frame otherwise, so frames answered STALE in between
     * leave no hole. The model owns the transition ({@code Synthesizer.Synthesis.next()}); this only stores it.
     * Frames that {@code next} carries over from {@code previous} (the same objects: the usual append of one
     * frame) are in their slots already and are not written again, so a step writes one frame to the changelog.
     */
    public void advance(String videoId, long frameIndex, VideoProgress before, VideoState previous, VideoState next, Long seed,
            Map<Integer, Integer> classStyles, long nowMs) {
        if (next.size() > ringSize) {
            throw new IllegalStateException("the model keeps " + next.size() + " past frames, the stores " + ringSize);
        }
        long position = previous.size() == 0 || before == null ? frameIndex : before.nextPosition();
        long oldest = position - next.size() + 1;
        for (int i = carriedOver(previous, next); i < next.size(); i++) {
            deferred.add(new Deferred(slotKey(videoId, oldest + i),
                    new StateCodec.PastFrame(oldest + i, next.pastOutputs().get(i), next.pastLabels().get(i))));
        }
        putProgress(videoId, new VideoProgress(frameIndex + 1, next.size(), seed, classStyles, nowMs, position + 1));
        recent.put(videoId, new Recent(position + 1, next));
    }

    /**
     * Encodes and writes the past frames {@link #advance} recorded. The processor calls it within the same
     * {@code process()} call or punctuation (so within the same transaction), once the next frame's model has
     * started: encoding a frame for the changelog is work the stream thread does while the model runs.
     */
    public void flush() {
        for (Deferred d : deferred) {
            pastFrames.put(d.key(), StateCodec.encode(d.frame()));
        }
        deferred.clear();
    }

    /**
     * Records that frame {@code frameIndex} was answered without being synthesized (STALE): the video expects the
     * next index, and its conditioning stays the frames before this one. A frame that would have started the
     * video (or restarted it after a gap) starts it with no conditioning and its style.
     */
    public void skip(String videoId, long frameIndex, VideoProgress before, boolean continuing, Long seed,
            Map<Integer, Integer> classStyles, long nowMs) {
        putProgress(videoId, continuing && before != null
                ? new VideoProgress(frameIndex + 1, before.conditioned(), seed, classStyles, nowMs, before.nextPosition())
                : new VideoProgress(frameIndex + 1, 0, seed, classStyles, nowMs));
    }

    /** How many of {@code next}'s older frames are {@code previous}'s most recent ones, the very same objects. */
    private static int carriedOver(VideoState previous, VideoState next) {
        int k = next.size() - 1;
        if (k <= 0 || previous.size() < k) {
            return 0;
        }
        for (int i = 0; i < k; i++) {
            int j = previous.size() - k + i;
            if (previous.pastOutputs().get(j) != next.pastOutputs().get(i) || previous.pastLabels().get(j) != next.pastLabels().get(i)) {
                return 0;
            }
        }
        return k;
    }

    public void evict(String videoId) {
        flush();
        recent.remove(videoId);
        progress.delete(videoId);
        for (int slot = 0; slot < ringSize; slot++) {
            pastFrames.delete(videoId + "#" + slot);
        }
    }

    /** Video ids whose last frame was seen before {@code cutoffMs} (wall clock). */
    public List<String> idleSince(long cutoffMs) {
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = progress.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (StateCodec.decodeProgress(kv.value).lastSeenMs() < cutoffMs) {
                    idle.add(kv.key);
                }
            }
        }
        return idle;
    }

    private String slotKey(String videoId, long position) {
        return videoId + "#" + Math.floorMod(position, ringSize);
    }
}
