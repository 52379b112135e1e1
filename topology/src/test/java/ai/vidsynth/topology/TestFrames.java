package ai.vidsynth.topology;

import ai.vidsynth.schemas.FrameControl;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.topology.io.VideoSource;
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

    /** Frame {@code i} of a recorded video (label and instance PNGs as stored), keyed by the video's id. */
    public static SemanticFrame recorded(VideoSource v, int i) {
        VideoSource.Frame f = v.frames().get(i);
        return SemanticFrame.newBuilder().setVideoId(v.videoId()).setFrameIndex(i).setTimestamp(Instant.ofEpochMilli(i))
                .setWidth(f.width()).setHeight(f.height()).setLabels(ByteBuffer.wrap(f.labelsPng()))
                .setInstances(f.instancesPng() == null ? null : ByteBuffer.wrap(f.instancesPng())).build();
    }

    /** The bytes of an Avro bytes field, without moving its position. */
    public static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    public static FrameControl end() {
        return FrameControl.newBuilder().setEndOfSequence(true).build();
    }

    public static FrameControl start() {
        return FrameControl.newBuilder().setStartOfSequence(true).build();
    }
}
