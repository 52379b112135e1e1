package ai.vidsynth.topology.processor;

import ai.vidsynth.schemas.RejectionReason;

/**
 * What the processor tells about each frame, for the service's metrics. The processor counts; the
 * metrics library lives behind this (see {@code ServiceMetrics}), so the frame's path and the topology tests
 * need none of it.
 */
public interface FrameMetrics {

    /** Counts nothing. */
    FrameMetrics NONE = new FrameMetrics() {};

    /** A record arrived on the input topic. */
    default void received() {}

    /**
     * A frame was synthesized and handed to the output topic.
     *
     * @param modelMs   the generator's time for it
     * @param latencyMs from the input record's timestamp until it was handed over
     */
    default void synthesized(long modelMs, long latencyMs) {}

    /** A record was answered with a rejection. */
    default void rejected(RejectionReason reason) {}
}
