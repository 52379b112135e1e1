package ai.vidsynth.topology.processor;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.schemas.ImageFormat;

/**
 * How a synthesized frame is encoded for the output topic ({@code output.image.format}): PNG, lossless (the
 * default), or JPEG at a quality, for feeds where record size and encode time count more than the last bits.
 */
public record FrameEncoding(ImageFormat format, float jpegQuality) {

    public static final FrameEncoding PNG = new FrameEncoding(ImageFormat.PNG, 0);

    public static FrameEncoding jpeg(float quality) {
        return new FrameEncoding(ImageFormat.JPEG, quality);
    }

    public byte[] encode(RgbImage image) {
        return format == ImageFormat.JPEG ? image.toJpeg(jpegQuality) : image.toPng();
    }

    /** The file name extension of an encoded frame. */
    public static String extension(ImageFormat format) {
        return format == ImageFormat.JPEG ? "jpg" : "png";
    }
}
