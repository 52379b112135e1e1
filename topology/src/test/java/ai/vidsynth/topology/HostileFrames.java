package ai.vidsynth.topology;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/**
 * Hostile and odd label maps, made by the tests themselves: decompression bombs, lying headers, truncated and
 * corrupt files, the wrong kind of PNG, other formats. Each is small on the wire.
 */
public final class HostileFrames {

    private HostileFrames() {}

    /**
     * A real, decodable 8-bit grey PNG of {@code width x height} zero pixels: a few hundred KB that inflate to
     * width x height bytes (20000 x 20000: 400 MB, about 389 KB on the wire).
     */
    public static byte[] bomb(int width, int height) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
            byte[] row = new byte[width + 1]; // filter byte 0, then zeros
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png(ihdr(width, height, 8, 0), idat.toByteArray());
    }

    /** A PNG whose header claims {@code width x height} and which has no pixel data at all. */
    public static byte[] headerOnly(long width, long height) {
        return png(ihdr(width, height, 8, 0), null);
    }

    /** {@code png} with its IHDR chunk's CRC broken. */
    public static byte[] badHeaderCrc(byte[] png) {
        byte[] out = png.clone();
        out[29] ^= 0x5a;
        return out;
    }

    /** {@code png} with the middle of its compressed pixel data overwritten (zlib's checksum no longer holds). */
    public static byte[] corruptPixels(byte[] png) {
        byte[] out = png.clone();
        int idat = indexOf(out, "IDAT".getBytes(StandardCharsets.US_ASCII));
        int length = (out[idat - 4] & 0xff) << 24 | (out[idat - 3] & 0xff) << 16 | (out[idat - 2] & 0xff) << 8 | (out[idat - 1] & 0xff);
        Arrays.fill(out, idat + 4 + 2, idat + 4 + length, (byte) 0xff);
        return out;
    }

    public static byte[] truncated(byte[] png, int keep) {
        return Arrays.copyOf(png, keep);
    }

    /** A 16-bit grey PNG (label maps must be 8-bit). */
    public static byte[] grey16(int w, int h) {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        im.getRaster().setSample(0, 0, 0, 7);
        return write(im, "png");
    }

    /** An 8-bit palette PNG whose indexes are {@code TestFrames.labelPng}'s label ids. */
    public static byte[] palette(int w, int h, int labelId) {
        byte[] grey = new byte[256];
        for (int i = 0; i < 256; i++) {
            grey[i] = (byte) i;
        }
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, grey, grey, grey));
        for (int i = 0; i < w * h; i++) {
            im.getRaster().setSample(i % w, i / w, 0, i / w < h / 2 ? 23 : labelId);
        }
        return write(im, "png");
    }

    public static byte[] rgb(int w, int h) {
        return write(new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR), "png");
    }

    public static byte[] jpeg(int w, int h) {
        return write(new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
    }

    private static byte[] write(BufferedImage im, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(im, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] ihdr(long width, long height, int bitDepth, int colorType) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.writeInt((int) width);
            d.writeInt((int) height);
            d.writeByte(bitDepth);
            d.writeByte(colorType);
            d.writeByte(0);
            d.writeByte(0);
            d.writeByte(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static byte[] png(byte[] ihdr, byte[] idat) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            chunk(d, "IHDR", ihdr);
            if (idat != null) {
                chunk(d, "IDAT", idat);
            }
            chunk(d, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static void chunk(DataOutputStream d, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no " + new String(pattern, StandardCharsets.US_ASCII) + " chunk");
    }
}
