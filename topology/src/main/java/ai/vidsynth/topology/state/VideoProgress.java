package ai.vidsynth.topology.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * A video's sequence bookkeeping: the next expected frame index, how many of the most recent frames are
 * valid temporal conditioning (0 right after a start or a gap), the chosen style, and when the video was
 * last seen (wall clock, for idle eviction).
 */
public record VideoProgress(long nextIndex, int conditioned, Long seed, Map<Integer, Integer> classStyles, long lastSeenMs) {

    public VideoProgress {
        classStyles = classStyles == null ? Map.of() : Map.copyOf(new TreeMap<>(classStyles));
    }
}
