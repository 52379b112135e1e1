package ai.vidsynth.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast PNG encoding stays lossless and deterministic, and still compresses. */
class RgbImagePngTest {

    @Test
    void losslessDeterministicAndCompressed() throws Exception {
        RgbImage frame = Mp4VideoTest.frames(3, 256, 128).get(2);
        byte[] png = frame.toPng();
        assertArrayEquals(png, frame.toPng(), "equal pixels, equal bytes");
        assertEquals(frame, RgbImage.decode(png));
        assertTrue(png.length < frame.rgb().length / 2, "compressed: " + png.length + " of " + frame.rgb().length + " bytes");
        for (RgbImage odd : List.of(new RgbImage(3, 1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}))) {
            assertEquals(odd, RgbImage.decode(odd.toPng()));
        }
    }
}
