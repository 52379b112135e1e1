package ai.vidsynth.topology.processor;

import ai.vidsynth.schemas.RejectionReason;

/** Why an input record produced no frame. A value, not an exception: bad input never escapes the processor. */
public record Rejection(RejectionReason reason, String message, String videoId, Long frameIndex) {

    public Rejection withFrame(String id, Long index) {
        return new Rejection(reason, message, id, index);
    }
}
