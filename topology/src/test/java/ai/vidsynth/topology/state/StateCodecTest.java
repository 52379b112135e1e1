package ai.vidsynth.topology.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCodecTest {

    @Test
    void progressRoundTripsWithAndWithoutASkip() {
        VideoProgress plain = new VideoProgress(12, 2, 7L, Map.of(26, 3), 1234);
        VideoProgress skipped = new VideoProgress(12, 2, null, Map.of(), 1234, 10);
        assertEquals(plain, StateCodec.decodeProgress(StateCodec.encode(plain)));
        assertEquals(skipped, StateCodec.decodeProgress(StateCodec.encode(skipped)));
        assertEquals(12, StateCodec.decodeProgress(StateCodec.encode(plain)).nextPosition());
    }

    /** State written before real-time mode existed (changelogs, local stores) reads, and is written the same. */
    @Test
    void aVideoThatNeverSkippedHasTheFirstVersionsBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream v1 = new DataOutputStream(bytes);
        v1.writeByte(1);
        v1.writeLong(12);
        v1.writeInt(2);
        v1.writeBoolean(true);
        v1.writeLong(7);
        v1.writeInt(1);
        v1.writeInt(26);
        v1.writeInt(3);
        v1.writeLong(1234);
        VideoProgress p = new VideoProgress(12, 2, 7L, Map.of(26, 3), 1234);
        assertArrayEquals(bytes.toByteArray(), StateCodec.encode(p));
        assertEquals(p, StateCodec.decodeProgress(bytes.toByteArray()));
    }
}
