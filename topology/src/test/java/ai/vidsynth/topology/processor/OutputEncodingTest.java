package ai.vidsynth.topology.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.schemas.ImageFormat;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.topology.TestFrames;
import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code output.image.format}: PNG by default, JPEG when asked, marked in the record either way. */
class OutputEncodingTest {

    private static SynthesizedFrame oneFrame(Map<Setting, String> settings) {
        try (TopologyHarness h = new TopologyHarness(settings, 1)) {
            h.input.pipeInput("v", h.frames.serialize("semantic-frames", TestFrames.frame("v", 0, 32, 16, 7)), Instant.now());
            return h.output.readValue();
        }
    }

    private static byte[] bytes(SynthesizedFrame f) {
        byte[] b = new byte[f.getImage().remaining()];
        f.getImage().duplicate().get(b);
        return b;
    }

    @Test
    void pngByDefaultJpegWhenAsked() throws Exception {
        SynthesizedFrame png = oneFrame(Map.of());
        assertEquals(ImageFormat.PNG, png.getImageFormat());
        assertEquals((byte) 0x89, bytes(png)[0], "PNG signature");

        SynthesizedFrame jpeg = oneFrame(Map.of(Setting.OUTPUT_IMAGE_FORMAT, "jpeg", Setting.OUTPUT_JPEG_QUALITY, "0.8"));
        assertEquals(ImageFormat.JPEG, jpeg.getImageFormat());
        byte[] b = bytes(jpeg);
        assertTrue((b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8, "JPEG start-of-image marker");
        RgbImage decoded = RgbImage.decode(b);
        assertEquals(jpeg.getWidth(), decoded.width());
        assertEquals(jpeg.getHeight(), decoded.height());
    }

    @Test
    void aWrongFormatOrQualityFailsAtStart() {
        assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.defaults().with(Map.of(Setting.OUTPUT_IMAGE_FORMAT, "webp")).frameEncoding());
        assertThrows(IllegalArgumentException.class, () -> ServiceConfig.defaults()
                .with(Map.of(Setting.OUTPUT_IMAGE_FORMAT, "jpeg", Setting.OUTPUT_JPEG_QUALITY, "1.5")).frameEncoding());
    }
}
