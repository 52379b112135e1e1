package ai.vidsynth.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The training loop's per-step random source draws windows as a random sampler should, step after step: the way the
 * vid2vid trainer draws them (a sequence of 4, then a start among 26), the first 1000 steps of seed 11 visit every
 * sequence about equally and nearly every window. With {@code Random} seeded by {@code seed * 7919 + step} directly,
 * 955 of them took one sequence and 36 windows were drawn.
 */
class StepRandomTest {

    @Test
    void consecutiveStepsDrawIndependentWindows() {
        int[] perSequence = new int[4];
        Set<Integer> windows = new HashSet<>();
        int sameAsBefore = 0;
        int previous = -1;
        for (int step = 0; step < 1000; step++) {
            var r = TrainingLoop.stepRandom(11, step);
            int sequence = r.nextInt(4);
            int first = r.nextInt(26);
            perSequence[sequence]++;
            windows.add(sequence * 26 + first);
            sameAsBefore += sequence == previous ? 1 : 0;
            previous = sequence;
        }
        for (int n : perSequence) {
            assertTrue(n > 200 && n < 300, "steps per sequence " + java.util.Arrays.toString(perSequence));
        }
        assertTrue(windows.size() >= 100, windows.size() + " of 104 windows drawn");
        assertTrue(sameAsBefore > 180 && sameAsBefore < 320, sameAsBefore + " steps took the sequence of the step before");
        assertEquals(TrainingLoop.stepRandom(11, 500).nextLong(), TrainingLoop.stepRandom(11, 500).nextLong(),
                "a function of the seed and the step alone (resume)");
    }
}
