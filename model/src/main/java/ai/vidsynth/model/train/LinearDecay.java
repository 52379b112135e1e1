package ai.vidsynth.model.train;

import ai.djl.training.tracker.Tracker;

/**
 * pix2pixHD's schedule: the base learning rate for the first half of a stage, then linear decay to zero.
 * Reads the trainer's global step rather than DJL's per-parameter update count, so a resumed run
 * continues the schedule where it stopped.
 */
final class LinearDecay implements Tracker {

    private final float base;
    private final long totalSteps;
    private long step;

    LinearDecay(float base, long totalSteps) {
        this.base = base;
        this.totalSteps = totalSteps;
    }

    void setStep(long step) {
        this.step = step;
    }

    float at(long s) {
        long half = totalSteps / 2;
        if (s < half) {
            return base;
        }
        return base * Math.max(0f, 1f - (float) (s - half) / Math.max(1, totalSteps - half));
    }

    @Override
    public float getNewValue(int numUpdate) {
        return at(step);
    }
}
