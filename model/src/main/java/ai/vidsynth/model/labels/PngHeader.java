package ai.vidsynth.model.labels;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * What a PNG says about itself in its first 33 bytes (signature and IHDR chunk), read before a single pixel is
 * decoded, so that a frame can be refused for its size before memory is spent on it.
 *
 * <p>Read by hand because the fixed IHDR layout is all that is needed, and ImageIO's header queries
 * ({@code getWidth}, {@code getRawImageType}) may first read, and inflate, the ancillary chunks before the
 * pixels (text, ICC profile): a compressed chunk can itself be a bomb. ImageIO is asked only to name a file
 * that is not a PNG at all, from its magic bytes.
 *
 * @param width     pixels, as the header claims (unsigned 32-bit)
 * @param height    pixels, as the header claims
 * @param bitDepth  bits per sample (or per palette index)
 * @param colorType PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA
 */
public record PngHeader(long width, long height, int bitDepth, int colorType) {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int LENGTH = 33;

    /** The header of {@code png}; {@code what} names the image in messages ("label map"). */
    public static PngHeader read(byte[] png, String what) throws LabelPngs.UnreadableLabelMapException {
        if (png == null || png.length == 0) {
            throw new LabelPngs.UnreadableLabelMapException(what + " is empty");
        }
        if (!startsWith(png, SIGNATURE)) {
            String format = formatName(png);
            throw new LabelPngs.UnreadableLabelMapException(what + " is "
                    + (format == null ? "not an image (" + png.length + " bytes)" : "a " + format + " image") + ", not a PNG");
        }
        if (png.length < LENGTH) {
            throw new LabelPngs.UnreadableLabelMapException(what + " is a PNG truncated to " + png.length
                    + " bytes, before the end of its header");
        }
        if (int32(png, 8) != 13 || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            throw new LabelPngs.UnreadableLabelMapException(what + " is a PNG whose first chunk is not a 13-byte IHDR");
        }
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        if ((crc.getValue() & 0xffffffffL) != (int32(png, 29) & 0xffffffffL)) {
            throw new LabelPngs.UnreadableLabelMapException(what + " is a PNG whose header fails its CRC check (corrupt)");
        }
        return new PngHeader(int32(png, 16) & 0xffffffffL, int32(png, 20) & 0xffffffffL, png[24] & 0xff, png[25] & 0xff);
    }

    /** Samples per pixel: 1 for grey and palette, 2 grey + alpha, 3 RGB, 4 RGBA. */
    public int channels() {
        return switch (colorType) {
            case 0, 3 -> 1;
            case 4 -> 2;
            case 2 -> 3;
            case 6 -> 4;
            default -> 0;
        };
    }

    /** "8-bit grey", "8-bit RGB", ... for messages. */
    public String describe() {
        String kind = switch (colorType) {
            case 0 -> "grey";
            case 2 -> "RGB";
            case 3 -> "palette";
            case 4 -> "grey + alpha";
            case 6 -> "RGBA";
            default -> "colour type " + colorType;
        };
        return bitDepth + "-bit " + kind;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    /** ImageIO's name for the format its readers recognize by the magic bytes (nothing is decoded), or null. */
    private static String formatName(byte[] data) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader r = readers.next();
            try {
                return r.getFormatName().toUpperCase(Locale.ROOT);
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
