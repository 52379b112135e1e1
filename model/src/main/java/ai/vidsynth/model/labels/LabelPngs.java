package ai.vidsynth.model.labels;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads label and instance maps from PNG: 8-bit grey label ids, 8- or 16-bit grey instance ids.
 * Instance maps come back canonical ({@link InstanceIds}).
 */
public final class LabelPngs {

    /**
     * The most pixels a label map may have to be decoded at all (4096 x 4096: 16 M pixels take about 100 MB
     * while decoding). The service's own limits (max.frame.width/height) are checked before, and are lower.
     */
    public static final long MAX_PIXELS = 4096L * 4096;

    private LabelPngs() {}

    /** A PNG that is not a single-channel label map, or not an image at all. */
    public static final class UnreadableLabelMapException extends IOException {
        public UnreadableLabelMapException(String message) {
            super(message);
        }
    }

    public static LabelFrame read(Path labelPng, Path instancePng) throws IOException {
        return decode(Files.readAllBytes(labelPng), instancePng == null ? null : Files.readAllBytes(instancePng));
    }

    /**
     * Decodes a label map (8-bit, one channel: grey, or a palette whose index is the label id, as PASCAL VOC's
     * label files are) and an optional instance map (8- or 16-bit grey, or 8-bit palette) of the same size. Both
     * headers are checked before any pixel is decoded; callers that limit the size read {@link PngHeader} first.
     */
    public static LabelFrame decode(byte[] labelPng, byte[] instancePng) throws IOException {
        PngHeader labelHeader = PngHeader.read(labelPng, "label map");
        if (labelHeader.width() * labelHeader.height() > MAX_PIXELS || labelHeader.width() == 0 || labelHeader.height() == 0) {
            throw new UnreadableLabelMapException("label map's header says " + labelHeader.width() + "x" + labelHeader.height()
                    + ": outside 1.." + MAX_PIXELS + " pixels, so it is not decoded (downscale it first)");
        }
        if (labelHeader.channels() != 1 || labelHeader.bitDepth() != 8) {
            throw new UnreadableLabelMapException("label map must be an 8-bit single-channel PNG (grey or palette), got "
                    + labelHeader.describe());
        }
        if (instancePng != null) {
            PngHeader instanceHeader = PngHeader.read(instancePng, "instance map");
            boolean grey = instanceHeader.colorType() == 0 && (instanceHeader.bitDepth() == 8 || instanceHeader.bitDepth() == 16);
            boolean palette = instanceHeader.colorType() == 3 && instanceHeader.bitDepth() == 8;
            if (!grey && !palette) {
                throw new UnreadableLabelMapException("instance map must be an 8- or 16-bit grey PNG, got " + instanceHeader.describe());
            }
            if (instanceHeader.width() != labelHeader.width() || instanceHeader.height() != labelHeader.height()) {
                throw new UnreadableLabelMapException("instance map is " + instanceHeader.width() + "x" + instanceHeader.height()
                        + " but label map is " + labelHeader.width() + "x" + labelHeader.height());
            }
        }
        Raster labelRaster = singleChannel(labelPng, "label map");
        int w = labelRaster.getWidth();
        int h = labelRaster.getHeight();
        if (labelRaster.getSampleModel().getSampleSize(0) != 8) {
            throw new UnreadableLabelMapException("label map must be 8-bit, got "
                    + labelRaster.getSampleModel().getSampleSize(0) + "-bit");
        }
        byte[] labels = bytes(labelRaster);
        if (instancePng == null) {
            return new LabelFrame(w, h, labels, null);
        }
        Raster instRaster = singleChannel(instancePng, "instance map");
        if (instRaster.getWidth() != w || instRaster.getHeight() != h) {
            throw new UnreadableLabelMapException("instance map is " + instRaster.getWidth() + "x"
                    + instRaster.getHeight() + " but label map is " + w + "x" + h);
        }
        int bits = instRaster.getSampleModel().getSampleSize(0);
        int[] raw = ints(instRaster);
        int[] instances = switch (bits) {
            case 8 -> InstanceIds.canonicalFrom8Bit(labels, raw);
            case 16 -> raw;
            default -> throw new UnreadableLabelMapException("instance map must be 8- or 16-bit, got " + bits + "-bit");
        };
        return new LabelFrame(w, h, labels, instances);
    }

    /**
     * An 8-bit single-band raster's samples: the decoder's own array where it is laid out plainly, else read sample
     * by sample. Why: {@code Raster.getSamples} goes through the sample model pixel by pixel into an int array that
     * is then narrowed again, on the stream thread, whose core the model shares. Measured on stuttgart_00's 1024x512
     * maps (a micro-benchmark, warm, nothing else running): a label map 2.1 -> 1.5 ms, with its instance map about
     * 4.4 -> 3.6 ms; most of what is left is inflating the PNG.
     */
    private static byte[] bytes(Raster r) {
        if (r.getDataBuffer() instanceof DataBufferByte data && plain(r)) {
            // the image was decoded for this call alone and is not kept: its array can be the frame's
            return data.getData();
        }
        int[] samples = r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (int[]) null);
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = (byte) samples[i];
        }
        return out;
    }

    /** An 8- or 16-bit single-band raster's samples, unsigned, read as {@link #bytes} reads them. */
    private static int[] ints(Raster r) {
        if (r.getDataBuffer() instanceof DataBufferUShort data && plain(r)) {
            short[] d = data.getData();
            int[] out = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = d[i] & 0xffff;
            }
            return out;
        }
        if (r.getSampleModel().getSampleSize(0) != 8) {
            return r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (int[]) null);
        }
        byte[] b = bytes(r);
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }

    /** One band, one sample per element, rows back to back from the array's start: the array is the samples. */
    private static boolean plain(Raster r) {
        DataBuffer data = r.getDataBuffer();
        return r.getSampleModel() instanceof ComponentSampleModel m && m.getNumBands() == 1 && m.getPixelStride() == 1
                && m.getScanlineStride() == r.getWidth() && m.getBandOffsets()[0] == 0 && r.getSampleModelTranslateX() == 0
                && r.getSampleModelTranslateY() == 0 && data.getNumBanks() == 1 && data.getOffset() == 0
                && data.getSize() == r.getWidth() * r.getHeight();
    }

    private static Raster singleChannel(byte[] png, String what) throws IOException {
        BufferedImage image;
        // an in-memory stream (ImageIO.read(InputStream) caches through a temporary file by default), which
        // ImageIO.read closes itself
        try {
            image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(png)));
        } catch (IOException | RuntimeException e) {
            throw new UnreadableLabelMapException(what + " is not a readable PNG: " + describe(e));
        }
        if (image == null) {
            throw new UnreadableLabelMapException(what + " is not a readable image");
        }
        Raster raster = image.getRaster();
        if (raster.getNumBands() != 1) {
            throw new UnreadableLabelMapException(what + " must have one channel, got " + raster.getNumBands());
        }
        return raster;
    }

    /** An exception's message, or its kind where it has none (ImageIO's are often null). */
    public static String describe(Throwable e) {
        String m = e.getMessage();
        String cause = e.getCause() == null || e.getCause() == e ? "" : " (" + describe(e.getCause()) + ")";
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m) + cause;
    }
}
