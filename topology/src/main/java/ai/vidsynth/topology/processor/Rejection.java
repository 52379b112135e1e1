package ai.vidsynth.topology.processor;

import ai.vidsynth.schemas.RejectionReason;

/** Why an input record produced no frame. A value, not an exception: bad input never escapes the processor. */
public record Rejection(RejectionReason reason, String message, String videoId, Long frameIndex) {

    /** This rejection with the video and frame filled in where it does not name them yet. */
    public Rejection orFrame(String id, Long index) {
        return new Rejection(reason, message, videoId != null ? videoId : id, frameIndex != null ? frameIndex : index);
    }
}
