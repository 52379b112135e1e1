package ai.vidsynth.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.ColorUtil;
import org.jcodec.scale.Transform;
import org.jcodec.common.model.ColorSpace;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MP4s read back by a decoder: JCodec's own, and FFmpeg's ffprobe where it is installed. */
class Mp4VideoTest {

    /** A smooth gradient with a bright square moving right: frames differ, and a lossy codec keeps them close. */
    static List<RgbImage> frames(int n, int w, int h) {
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] rgb = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean square = x >= 8 * i && x < 8 * i + 32 && y >= h / 4 && y < h / 4 + 32;
                    int o = (y * w + x) * 3;
                    rgb[o] = (byte) (square ? 250 : 40 + x * 160 / w);
                    rgb[o + 1] = (byte) (square ? 240 : 60 + y * 120 / h);
                    rgb[o + 2] = (byte) (square ? 30 : 120);
                }
            }
            out.add(new RgbImage(w, h, rgb));
        }
        return out;
    }

    @Test
    void jcodecReadsBackEveryFrameAtItsSizeAndColours(@TempDir Path dir) throws Exception {
        List<RgbImage> frames = frames(12, 256, 128);
        Path file = dir.resolve("video.mp4");
        Mp4Video.write(frames, 10, file);

        FrameGrab grab = FrameGrab.createFrameGrab(NIOUtils.readableChannel(file.toFile()));
        int n = 0;
        Picture p;
        while ((p = grab.getNativeFrame()) != null) {
            assertEquals(256, p.getCroppedWidth());
            assertEquals(128, p.getCroppedHeight());
            Picture rgb = Picture.create(p.getWidth(), p.getHeight(), ColorSpace.RGB);
            Transform t = ColorUtil.getTransform(p.getColor(), ColorSpace.RGB);
            t.transform(p, rgb);
            double mae = meanAbsoluteError(frames.get(n), rgb.getPlaneData(0));
            // lossy: 4:2:0 chroma smears the square's sharp edges; a swapped channel would be off by ~60
            assertTrue(mae < 10, "frame " + n + " decodes close to what was written: mean error " + mae + " " + p.getColor());
            n++;
        }
        assertEquals(12, n, "frames decoded");
    }

    @Test
    void oddSizesArePaddedToEvenOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("odd.mp4");
        Mp4Video.write(frames(3, 65, 33), 5, file);
        FrameGrab grab = FrameGrab.createFrameGrab(NIOUtils.readableChannel(file.toFile()));
        Picture p = grab.getNativeFrame();
        assertEquals(66, p.getCroppedWidth());
        assertEquals(34, p.getCroppedHeight());
    }

    @Test
    void ffprobeReadsItAsOneH264Stream(@TempDir Path dir) throws Exception {
        Path ffprobe = Path.of("/usr/bin/ffprobe");
        Assumptions.assumeTrue(Files.isExecutable(ffprobe), "FFmpeg's ffprobe is not installed");
        Path file = dir.resolve("video.mp4");
        Mp4Video.write(frames(12, 256, 128), 10, file);
        Process probe = new ProcessBuilder(ffprobe.toString(), "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, probe.waitFor(), out);
        assertEquals("h264,256,128,12", out);
    }

    private static double meanAbsoluteError(RgbImage expected, byte[] jcodecRgb) {
        byte[] e = expected.rgb();
        long sum = 0;
        for (int i = 0; i < e.length; i++) {
            sum += Math.abs((e[i] & 0xff) - (jcodecRgb[i] + 128));
        }
        return sum / (double) e.length;
    }
}
