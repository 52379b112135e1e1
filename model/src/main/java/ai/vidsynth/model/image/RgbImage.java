package ai.vidsynth.model.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** An 8-bit RGB image, row-major, interleaved {@code r,g,b}. The form every generated frame leaves the model in. */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " bytes for " + width + "x" + height);
        }
    }

    public static RgbImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("not a readable image: " + file);
        }
        return of(image);
    }

    public static RgbImage decode(byte[] encoded) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        if (image == null) {
            throw new IOException("not a readable image");
        }
        return of(image);
    }

    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }

    public int rgbAt(int x, int y) {
        int i = 3 * (y * width + x);
        return ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff);
    }

    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] packed = new int[width * height];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = ((rgb[3 * i] & 0xff) << 16) | ((rgb[3 * i + 1] & 0xff) << 8) | (rgb[3 * i + 2] & 0xff);
        }
        image.setRGB(0, 0, width, height, packed, 0, width);
        return image;
    }

    /**
     * PNG bytes, deterministic (equal pixels give equal bytes). Written with a fast deflate (compression quality
     * 0.9 in the JDK's PNG writer) rather than its default: measured on a synthesized 256x128 frame, 8.0 ms
     * instead of 11.5 ms per encode for 1.3% more bytes (75.2 vs 74.3 KB); quality 1.0 (no compression) took 4.7
     * ms for 98.5 KB. Every published frame is encoded on the stream thread, so this is latency.
     */
    public byte[] toPng() {
        return encode("png", PNG_COMPRESSION_QUALITY, byteView());
    }

    private static final float PNG_COMPRESSION_QUALITY = 0.9f;

    /** JPEG bytes at {@code quality} (0..1), deterministic for the same pixels and quality; lossy. */
    public byte[] toJpeg(float quality) {
        return encode("jpeg", quality, toBufferedImage());
    }

    /**
     * This image's own bytes seen as an interleaved 8-bit sRGB raster, without a copy: the PNG writer reads its rows
     * as they are and writes the same file as from {@link #toBufferedImage()}'s packed ints (checked byte for byte:
     * {@code RgbImagePngTest}), without the packing pass: 2.8 -> 2.4 ms for a 256x128 frame (micro-benchmark, warm, quiet).
     * Only for encoding: a writer reads it, nothing draws on it.
     */
    private BufferedImage byteView() {
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(rgb, rgb.length), width, height, 3 * width, 3,
                new int[] {0, 1, 2}, null);
        ColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        return new BufferedImage(model, raster, false, null);
    }

    /** Encodes with the JDK's writer for {@code format} at an explicit compression quality. */
    private byte[] encode(String format, float quality, BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(width * height);
                ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
            stream.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    public void writePng(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, toPng());
    }

    /**
     * Downscale by averaging boxes (exact for integer factors such as 1024→256), which keeps fine texture
     * statistics better than bilinear sampling; other sizes use bilinear interpolation.
     */
    public RgbImage resized(int newWidth, int newHeight) {
        if (newWidth == width && newHeight == height) {
            return this;
        }
        if (width % newWidth == 0 && height % newHeight == 0) {
            return boxDownscale(width / newWidth, height / newHeight);
        }
        return bilinear(newWidth, newHeight);
    }

    private RgbImage boxDownscale(int fx, int fy) {
        int nw = width / fx;
        int nh = height / fy;
        byte[] out = new byte[nw * nh * 3];
        int area = fx * fy;
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    for (int dy = 0; dy < fy; dy++) {
                        for (int dx = 0; dx < fx; dx++) {
                            sum += rgb[3 * ((y * fy + dy) * width + x * fx + dx) + c] & 0xff;
                        }
                    }
                    out[3 * (y * nw + x) + c] = (byte) ((sum + area / 2) / area);
                }
            }
        }
        return new RgbImage(nw, nh, out);
    }

    private RgbImage bilinear(int nw, int nh) {
        byte[] out = new byte[nw * nh * 3];
        for (int y = 0; y < nh; y++) {
            double sy = Math.max(0, (y + 0.5) * height / nh - 0.5);
            int y0 = Math.min(height - 1, (int) sy);
            int y1 = Math.min(height - 1, y0 + 1);
            double wy = sy - y0;
            for (int x = 0; x < nw; x++) {
                double sx = Math.max(0, (x + 0.5) * width / nw - 0.5);
                int x0 = Math.min(width - 1, (int) sx);
                int x1 = Math.min(width - 1, x0 + 1);
                double wx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - wy) * ((1 - wx) * at(x0, y0, c) + wx * at(x1, y0, c))
                            + wy * ((1 - wx) * at(x0, y1, c) + wx * at(x1, y1, c));
                    out[3 * (y * nw + x) + c] = (byte) Math.round(v);
                }
            }
        }
        return new RgbImage(nw, nh, out);
    }

    private int at(int x, int y, int c) {
        return rgb[3 * (y * width + x) + c] & 0xff;
    }

    public RgbImage flippedHorizontally() {
        byte[] out = new byte[rgb.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(rgb, 3 * (y * width + x), out, 3 * (y * width + width - 1 - x), 3);
            }
        }
        return new RgbImage(width, height, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage i && i.width == width && i.height == height && Arrays.equals(i.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
