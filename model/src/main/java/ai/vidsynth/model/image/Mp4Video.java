package ai.vidsynth.model.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcodec.api.SequenceEncoder;
import org.jcodec.common.Codec;
import org.jcodec.common.Format;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rational;

/**
 * Frames written as an H.264 video in an MP4 (ISO base media) file, appended one at a time as they arrive, with
 * JCodec's encoder: pure Java from Maven Central, so the jar, the Docker image and the tests need no FFmpeg
 * install. Its encoder is baseline-profile and simple (no B-frames, fixed quality): files are larger than
 * x264's at the same quality, which is beside the point for previews of 256x128 streams. Odd widths or heights
 * are padded by one pixel (4:2:0 chroma needs even sizes).
 */
public final class Mp4Video implements AutoCloseable {

    private final SeekableByteChannel channel;
    private final SequenceEncoder encoder;
    private final Path file;
    private int width = -1;
    private int height = -1;
    private int frames;

    private Mp4Video(Path file, SeekableByteChannel channel, SequenceEncoder encoder) {
        this.file = file;
        this.channel = channel;
        this.encoder = encoder;
    }

    /** A new video at {@code fps} frames per second; replaces {@code file}. */
    public static Mp4Video create(Path file, int fps) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        SeekableByteChannel channel = NIOUtils.writableChannel(file.toFile());
        try {
            // JCodec's "MOV" muxer is its ISO base media muxer; with the H.264 codec it writes an MP4 that
            // ffprobe reads as mov,mp4,m4a,3gp,3g2,mj2 with one h264 stream
            return new Mp4Video(file, channel, new SequenceEncoder(channel, Rational.R(fps, 1), Format.MOV, Codec.H264, null));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Writes {@code frames} to {@code file} at {@code fps}. */
    public static void write(List<RgbImage> frames, int fps, Path file) throws IOException {
        try (Mp4Video video = create(file, fps)) {
            for (RgbImage f : frames) {
                video.add(f);
            }
        }
    }

    /** Appends a frame; every frame must have the first one's size. */
    public void add(RgbImage frame) throws IOException {
        if (width < 0) {
            width = frame.width();
            height = frame.height();
        } else if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("frame " + frames + " of " + file + " is " + frame.width() + "x" + frame.height()
                    + ", the video is " + width + "x" + height);
        }
        encoder.encodeNativeFrame(picture(frame));
        frames++;
    }

    public int frames() {
        return frames;
    }

    public Path file() {
        return file;
    }

    /** JCodec's RGB picture: interleaved R, G, B bytes stored as value - 128; odd sizes repeat the last row or column. */
    private static Picture picture(RgbImage frame) {
        int w = frame.width() + (frame.width() & 1);
        int h = frame.height() + (frame.height() & 1);
        Picture p = Picture.create(w, h, ColorSpace.RGB);
        byte[] dst = p.getPlaneData(0);
        byte[] src = frame.rgb();
        for (int y = 0; y < h; y++) {
            int sy = Math.min(y, frame.height() - 1);
            for (int x = 0; x < w; x++) {
                int s = (sy * frame.width() + Math.min(x, frame.width() - 1)) * 3;
                int d = (y * w + x) * 3;
                dst[d] = (byte) ((src[s] & 0xff) - 128);
                dst[d + 1] = (byte) ((src[s + 1] & 0xff) - 128);
                dst[d + 2] = (byte) ((src[s + 2] & 0xff) - 128);
            }
        }
        return p;
    }

    /** Finishes the file (its index is written at the end). */
    @Override
    public void close() throws IOException {
        try {
            encoder.finish();
        } finally {
            NIOUtils.closeQuietly(channel);
        }
    }
}
