package ai.vidsynth.model.labels;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads label and instance maps from PNG: 8-bit grey label ids, 8- or 16-bit grey instance ids.
 * Instance maps come back canonical ({@link InstanceIds}).
 */
public final class LabelPngs {

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

    public static LabelFrame decode(byte[] labelPng, byte[] instancePng) throws IOException {
        Raster labelRaster = singleChannel(labelPng, "label map");
        int w = labelRaster.getWidth();
        int h = labelRaster.getHeight();
        if (labelRaster.getSampleModel().getSampleSize(0) != 8) {
            throw new UnreadableLabelMapException("label map must be 8-bit, got "
                    + labelRaster.getSampleModel().getSampleSize(0) + "-bit");
        }
        int[] ids = labelRaster.getSamples(0, 0, w, h, 0, (int[]) null);
        byte[] labels = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            labels[i] = (byte) ids[i];
        }
        if (instancePng == null) {
            return new LabelFrame(w, h, labels, null);
        }
        Raster instRaster = singleChannel(instancePng, "instance map");
        if (instRaster.getWidth() != w || instRaster.getHeight() != h) {
            throw new UnreadableLabelMapException("instance map is " + instRaster.getWidth() + "x"
                    + instRaster.getHeight() + " but label map is " + w + "x" + h);
        }
        int bits = instRaster.getSampleModel().getSampleSize(0);
        int[] raw = instRaster.getSamples(0, 0, w, h, 0, (int[]) null);
        int[] instances = switch (bits) {
            case 8 -> InstanceIds.canonicalFrom8Bit(labels, raw);
            case 16 -> raw;
            default -> throw new UnreadableLabelMapException("instance map must be 8- or 16-bit, got " + bits + "-bit");
        };
        return new LabelFrame(w, h, labels, instances);
    }

    private static Raster singleChannel(byte[] png, String what) throws IOException {
        BufferedImage image;
        try (InputStream in = new ByteArrayInputStream(png)) {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableLabelMapException(what + " is not a readable PNG: " + e.getMessage());
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
}
