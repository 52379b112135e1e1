package ai.vidsynth.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CityscapesMiniTest {

    @Test
    void holdingOutASequenceLeavesTheOthersInOrder() {
        assertEquals(List.of("seq0000", "seq0001", "seq0002", "seq0003"), CityscapesMini.trainingSequences(List.of("seq0004")));
        assertEquals(CityscapesMini.TRAIN_SEQUENCES, CityscapesMini.trainingSequences(List.of()));
    }

    @Test
    void aNameThatIsNoTrainingSequenceOrHoldingOutAllIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CityscapesMini.trainingSequences(List.of("stuttgart_00")));
        assertTrue(e.getMessage().contains("stuttgart_00 is not one of"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CityscapesMini.trainingSequences(CityscapesMini.TRAIN_SEQUENCES));
    }
}
