package ai.vidsynth.model.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.train.CityscapesMini;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LabelPngsTest {

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static byte[] grey8(int w, int h, int[] values) throws IOException {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        im.getRaster().setSamples(0, 0, w, h, 0, values);
        return png(im);
    }

    static byte[] grey16(int w, int h, int[] values) throws IOException {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        im.getRaster().setSamples(0, 0, w, h, 0, values);
        return png(im);
    }

    @Test
    void eightBitInstancesBecomeCanonical() throws IOException {
        // road (7) stuff, then two cars (26) with instance ids 0 and 1
        LabelFrame f = LabelPngs.decode(grey8(4, 1, new int[] {7, 7, 26, 26}), grey8(4, 1, new int[] {255, 255, 0, 1}));
        assertArrayEquals(new int[] {7, 7, 26000, 26001}, f.instances());
        assertEquals(26, InstanceIds.classOf(f.instances()[3]));
        assertEquals(7, InstanceIds.classOf(f.instances()[0]));
    }

    @Test
    void sixteenBitInstancesAreKeptAsTheyAre() throws IOException {
        LabelFrame f = LabelPngs.decode(grey8(3, 1, new int[] {7, 26, 26}), grey16(3, 1, new int[] {7, 26000, 26001}));
        assertArrayEquals(new int[] {7, 26000, 26001}, f.instances());
        assertEquals(26, f.labelAt(1, 0));
    }

    @Test
    void notAPngIsAClearError() {
        Exception e = assertThrows(LabelPngs.UnreadableLabelMapException.class,
                () -> LabelPngs.decode(new byte[] {1, 2, 3, 4}, null));
        assertTrue(e.getMessage().contains("label map"), e.getMessage());
    }

    @Test
    void colourPngIsRejectedAsLabelMap() throws IOException {
        byte[] rgb = png(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB));
        assertThrows(LabelPngs.UnreadableLabelMapException.class, () -> LabelPngs.decode(rgb, null));
    }

    /**
     * The decoder's arrays are taken as they are where they are laid out plainly: the ids must be what reading the
     * image sample by sample gives, for the shared data's 8-bit label and instance maps, its 16-bit instance maps,
     * and a palette label map.
     */
    @Test
    void samplesEqualReadingTheImageSampleBySample() throws IOException {
        Path root = CityscapesMini.defaultRoot();
        Assumptions.assumeTrue(Files.isDirectory(root), "shared data not present");
        CityscapesMini.FrameFiles seq = CityscapesMini.frames(root.resolve("sequences/seq0000")).get(3);
        CityscapesMini.FrameFiles still = CityscapesMini.frames(root.resolve("stills/train")).get(0);
        for (CityscapesMini.FrameFiles f : List.of(seq, still)) {
            LabelFrame decoded = LabelPngs.read(f.labels(), f.instances());
            int[] ids = ImageIO.read(f.labels().toFile()).getRaster().getSamples(0, 0, decoded.width(), decoded.height(), 0, (int[]) null);
            for (int i = 0; i < ids.length; i++) {
                assertEquals(ids[i], decoded.labels()[i] & 0xff, "label at " + i + " of " + f.labels());
            }
            BufferedImage inst = ImageIO.read(f.instances().toFile());
            int[] raw = inst.getRaster().getSamples(0, 0, decoded.width(), decoded.height(), 0, (int[]) null);
            int[] expected = inst.getSampleModel().getSampleSize(0) == 8 ? InstanceIds.canonicalFrom8Bit(decoded.labels(), raw) : raw;
            assertArrayEquals(expected, decoded.instances(), f.instances().toString());
        }
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (i * 7);
            g[i] = (byte) (255 - i);
            b[i] = (byte) (i * 3);
        }
        BufferedImage palette = new BufferedImage(5, 2, BufferedImage.TYPE_BYTE_INDEXED, new java.awt.image.IndexColorModel(8, 256, r, g, b));
        palette.getRaster().setSamples(0, 0, 5, 2, 0, new int[] {0, 7, 26, 33, 11, 24, 7, 7, 0, 1});
        assertArrayEquals(new byte[] {0, 7, 26, 33, 11, 24, 7, 7, 0, 1}, LabelPngs.decode(png(palette), null).labels());
    }

    @Test
    void readsTheSharedDataBothFormats() throws IOException {
        Path root = CityscapesMini.defaultRoot();
        Assumptions.assumeTrue(Files.isDirectory(root), "shared data not present");
        CityscapesMini.FrameFiles seq = CityscapesMini.frames(root.resolve("sequences/seq0000")).get(0);
        LabelFrame a = LabelPngs.read(seq.labels(), seq.instances());
        assertEquals(1024, a.width());
        assertEquals(512, a.height());
        assertTrue(a.maxLabel() < LabelSet.CITYSCAPES_35.size());
        List<CityscapesMini.FrameFiles> stills = CityscapesMini.frames(root.resolve("stills/train"));
        LabelFrame b = LabelPngs.read(stills.get(0).labels(), stills.get(0).instances());
        // 16-bit maps hold class*1000+k for things: some car instance must be there in a street scene
        boolean thing = false;
        for (int id : b.instances()) {
            thing |= id >= 1000;
        }
        assertTrue(thing, "expected thing instances (id >= 1000) in a Cityscapes still");
    }
}
