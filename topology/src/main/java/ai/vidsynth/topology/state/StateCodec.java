package ai.vidsynth.topology.state;

import ai.vidsynth.model.image.RgbImage;
import ai.vidsynth.model.labels.LabelFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Binary encodings of the state stores' values. Hand-written rather than Avro because these are internal,
 * never read by other programs, and the frames must round-trip bit-exactly in as few bytes as possible
 * (they are written to the changelog on every frame): a version byte, then fixed fields, then the pixel
 * data deflated (lossless, deterministic).
 */
public final class StateCodec {

    private static final byte VERSION = 1;
    /**
     * Progress with a ring position apart from its frame index (after a STALE skip). Written only then, so a
     * video that never skipped has the same bytes as before real-time mode existed, and older state reads.
     */
    private static final byte PROGRESS_WITH_POSITION = 2;

    private StateCodec() {}

    public static byte[] encode(VideoProgress p) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            boolean withPosition = p.nextPosition() != p.nextIndex();
            out.writeByte(withPosition ? PROGRESS_WITH_POSITION : VERSION);
            out.writeLong(p.nextIndex());
            out.writeInt(p.conditioned());
            out.writeBoolean(p.seed() != null);
            out.writeLong(p.seed() == null ? 0 : p.seed());
            out.writeInt(p.classStyles().size());
            for (Map.Entry<Integer, Integer> e : new TreeMap<>(p.classStyles()).entrySet()) {
                out.writeInt(e.getKey());
                out.writeInt(e.getValue());
            }
            out.writeLong(p.lastSeenMs());
            if (withPosition) {
                out.writeLong(p.nextPosition());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static VideoProgress decodeProgress(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != PROGRESS_WITH_POSITION) {
                checkVersion(version);
            }
            long next = in.readLong();
            int conditioned = in.readInt();
            boolean hasSeed = in.readBoolean();
            long seed = in.readLong();
            int n = in.readInt();
            Map<Integer, Integer> styles = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                styles.put(in.readInt(), in.readInt());
            }
            long lastSeen = in.readLong();
            long position = version == PROGRESS_WITH_POSITION ? in.readLong() : next;
            return new VideoProgress(next, conditioned, hasSeed ? seed : null, styles, lastSeen, position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One past frame: its ring position ({@link VideoProgress}: its frame index unless frames of the video were
     * skipped), the generated image and its label frame, exactly as the model read them.
     */
    public record PastFrame(long position, RgbImage output, LabelFrame labels) {}

    public static byte[] encode(PastFrame f) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeLong(f.position());
            int w = f.labels().width();
            int h = f.labels().height();
            out.writeInt(w);
            out.writeInt(h);
            out.writeBoolean(f.labels().hasInstances());
            int plane = w * h;
            byte[] raw = new byte[plane * 3 + plane + (f.labels().hasInstances() ? plane * 4 : 0)];
            System.arraycopy(f.output().rgb(), 0, raw, 0, plane * 3);
            System.arraycopy(f.labels().labels(), 0, raw, plane * 3, plane);
            if (f.labels().hasInstances()) {
                int o = plane * 4;
                for (int v : f.labels().instances()) {
                    raw[o++] = (byte) (v >>> 24);
                    raw[o++] = (byte) (v >>> 16);
                    raw[o++] = (byte) (v >>> 8);
                    raw[o++] = (byte) v;
                }
            }
            byte[] packed = deflate(raw);
            out.writeInt(raw.length);
            out.writeInt(packed.length);
            out.write(packed);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PastFrame decodePastFrame(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            checkVersion(in.readByte());
            long index = in.readLong();
            int w = in.readInt();
            int h = in.readInt();
            boolean hasInstances = in.readBoolean();
            byte[] raw = new byte[in.readInt()];
            byte[] packed = new byte[in.readInt()];
            in.readFully(packed);
            inflate(packed, raw);
            int plane = w * h;
            byte[] rgb = java.util.Arrays.copyOfRange(raw, 0, plane * 3);
            byte[] labels = java.util.Arrays.copyOfRange(raw, plane * 3, plane * 4);
            int[] instances = null;
            if (hasInstances) {
                instances = new int[plane];
                int o = plane * 4;
                for (int i = 0; i < plane; i++, o += 4) {
                    instances[i] = ((raw[o] & 0xff) << 24) | ((raw[o + 1] & 0xff) << 16) | ((raw[o + 2] & 0xff) << 8) | (raw[o + 3] & 0xff);
                }
            }
            return new PastFrame(index, new RgbImage(w, h, rgb), new LabelFrame(w, h, labels, instances));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkVersion(byte v) throws IOException {
        if (v != VERSION) {
            throw new IOException("state written by an unknown version " + v);
        }
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
            byte[] buf = new byte[64 * 1024];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static void inflate(byte[] packed, byte[] raw) throws IOException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(packed);
            int n = 0;
            while (n < raw.length && !inf.finished()) {
                n += inf.inflate(raw, n, raw.length - n);
            }
            if (n != raw.length) {
                throw new IOException("state frame inflated to " + n + " bytes, expected " + raw.length);
            }
        } catch (DataFormatException e) {
            throw new IOException("corrupt state frame: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }
}
