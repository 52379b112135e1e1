package ai.vidsynth.topology;

import ai.vidsynth.schemas.FrameControl;
import ai.vidsynth.schemas.SemanticFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import javax.imageio.ImageIO;

/** Builds input records for tests: small label maps as real PNGs. */
public final class TestFrames {

    private TestFrames() {}

    public static byte[] labelPng(int w, int h, int labelId) {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = new int[w * h];
        for (int i = 0; i < v.length; i++) {
            // sky above road, so frames are not uniform
            v[i] = i / w < h / 2 ? 23 : labelId;
        }
        im.getRaster().setSamples(0, 0, w, h, 0, v);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(im, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SemanticFrame frame(String video, long index, int w, int h, int labelId) {
        return frame(video, index, w, h, labelPng(w, h, labelId), null);
    }

    public static SemanticFrame frame(String video, long index, int w, int h, byte[] png, FrameControl control) {
        return SemanticFrame.newBuilder()
                .setVideoId(video).setFrameIndex(index).setTimestamp(Instant.ofEpochMilli(1_000 + index))
                .setWidth(w).setHeight(h).setLabels(ByteBuffer.wrap(png)).setControl(control).build();
    }

    public static FrameControl end() {
        return FrameControl.newBuilder().setEndOfSequence(true).build();
    }

    public static FrameControl start() {
        return FrameControl.newBuilder().setStartOfSequence(true).build();
    }
}
