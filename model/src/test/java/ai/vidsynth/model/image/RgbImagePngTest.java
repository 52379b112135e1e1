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

    /** The PNG written from the image's own bytes is the file the writer makes from packed ints (as before). */
    @Test
    void sameFileAsFromPackedPixels() throws Exception {
        byte[] noise = new byte[64 * 48 * 3];
        new java.util.Random(3).nextBytes(noise);
        for (RgbImage image : List.of(Mp4VideoTest.frames(3, 256, 128).get(1), new RgbImage(64, 48, noise))) {
            javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
            var out = new java.io.ByteArrayOutputStream();
            try (var stream = javax.imageio.ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                var param = writer.getDefaultWriteParam();
                param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
                writer.write(null, new javax.imageio.IIOImage(image.toBufferedImage(), null, null), param);
            } finally {
                writer.dispose();
            }
            assertArrayEquals(out.toByteArray(), image.toPng());
        }
    }
}