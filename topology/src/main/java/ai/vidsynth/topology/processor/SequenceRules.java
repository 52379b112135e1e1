package ai.vidsynth.topology.processor;

import ai.vidsynth.topology.state.VideoProgress;

/**
 * Where a frame stands in its video's sequence (DESIGN.md): frame 0 or a start control begins a new
 * sequence; the expected next index continues it; a higher index is a gap (temporal conditioning
 * restarts, and the output says so) unless it skips more than {@code max.frame.gap} frames, which is
 * refused and leaves the video as it was (one bogus index would otherwise make every real frame after it
 * out of order); the last index again is a duplicate; a lower one is out of order. A video with no state
 * (new, ended or evicted) that starts above 0 is treated as a gap.
 */
public final class SequenceRules {

    public enum Decision { NEW_SEQUENCE, CONTINUE, GAP, GAP_TOO_LARGE, DUPLICATE, OUT_OF_ORDER }

    private final long maxGap;

    /** @param maxGap the most frames a gap may skip */
    public SequenceRules(long maxGap) {
        this.maxGap = maxGap;
    }

    public Decision decide(VideoProgress progress, long frameIndex, boolean startControl) {
        if (startControl || frameIndex == 0) {
            return Decision.NEW_SEQUENCE;
        }
        if (progress == null) {
            return Decision.GAP;
        }
        if (frameIndex == progress.nextIndex()) {
            return Decision.CONTINUE;
        }
        if (frameIndex > progress.nextIndex()) {
            return frameIndex - progress.nextIndex() > maxGap ? Decision.GAP_TOO_LARGE : Decision.GAP;
        }
        return frameIndex == progress.nextIndex() - 1 ? Decision.DUPLICATE : Decision.OUT_OF_ORDER;
    }

    /** Why a frame was {@link Decision#GAP_TOO_LARGE}, and what goes on. */
    public String explainTooLarge(VideoProgress progress, long frameIndex) {
        return "frame " + frameIndex + " would skip " + (frameIndex - progress.nextIndex()) + " frames after frame "
                + (progress.nextIndex() - 1) + ", more than max.frame.gap " + maxGap + "; the video goes on from frame "
                + progress.nextIndex() + " (send a start control to begin again at another index)";
    }
}
