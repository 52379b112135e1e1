package ai.vidsynth.topology.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * A video's sequence bookkeeping: the next expected frame index, how many of the most recent synthesized
 * frames are valid temporal conditioning (0 right after a start or a gap), the chosen style, when the video
 * was last seen (wall clock, for idle eviction), and the ring position the next synthesized frame takes.
 * <p>Positions count synthesized frames. They equal frame indices until a frame is answered STALE (real-time
 * mode): the skipped frame moves {@code nextIndex} but not {@code nextPosition}, so the next fresh frame is
 * conditioned on the frames before the skip, which stay in the ring.
 */
public record VideoProgress(long nextIndex, int conditioned, Long seed, Map<Integer, Integer> classStyles, long lastSeenMs,
        long nextPosition) {

    public VideoProgress {
        classStyles = classStyles == null ? Map.of() : Map.copyOf(new TreeMap<>(classStyles));
    }

    /** Progress of a video whose frames were all synthesized: positions are frame indices. */
    public VideoProgress(long nextIndex, int conditioned, Long seed, Map<Integer, Integer> classStyles, long lastSeenMs) {
        this(nextIndex, conditioned, seed, classStyles, lastSeenMs, nextIndex);
    }
}
