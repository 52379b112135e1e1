package ai.vidsynth.topology.io;

import ai.vidsynth.model.labels.LabelFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes label frames as the PNGs a SemanticFrame carries: 8-bit label ids, 16-bit canonical instance ids. */
public final class LabelPngWriter {

    private LabelPngWriter() {}

    public static byte[] labels(LabelFrame f) {
        BufferedImage im = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_BYTE_GRAY);
        int[] v = new int[f.labels().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.labels()[i] & 0xff;
        }
        im.getRaster().setSamples(0, 0, f.width(), f.height(), 0, v);
        return png(im);
    }

    /** 16-bit instance ids (canonical ids fit: class * 1000 + k stays below 65536 for Cityscapes). */
    public static byte[] instances(LabelFrame f) {
        BufferedImage im = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_USHORT_GRAY);
        im.getRaster().setSamples(0, 0, f.width(), f.height(), 0, f.instances());
        return png(im);
    }

    private static byte[] png(BufferedImage im) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(im, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
