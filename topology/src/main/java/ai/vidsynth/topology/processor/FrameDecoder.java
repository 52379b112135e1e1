package ai.vidsynth.topology.processor;

import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelPngs;
import ai.vidsynth.model.labels.PngHeader;
import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.schemas.FrameControl;
import ai.vidsynth.schemas.RejectionReason;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.serde.RegistryUnreachableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Checks and decodes one input record into a label frame at the model's resolution, or says why not.
 * <p>Size rule: a frame of the model's size is used as is; a frame of the same aspect ratio (within 1%) is
 * resized to the model's size with nearest-neighbour sampling (the only resampling that keeps label ids
 * valid); any other size is rejected as {@code WRONG_SIZE}. Frames larger than the configured maximum, or
 * records larger than the byte limit, are {@code TOO_LARGE}.
 */
public final class FrameDecoder {

    /** A record that cannot become a frame. Never leaves the processor. */
    public static final class RejectedFrame extends Exception {
        private final Rejection rejection;

        RejectedFrame(RejectionReason reason, String message) {
            this(reason, message, null, null);
        }

        RejectedFrame(RejectionReason reason, String message, String videoId, Long frameIndex) {
            super(message, null, false, false);
            this.rejection = new Rejection(reason, message, videoId, frameIndex);
        }

        public Rejection rejection() {
            return rejection;
        }
    }

    /** A valid frame and its controls. */
    public record DecodedFrame(String videoId, long frameIndex, long timestampMs, LabelFrame labels,
            boolean startOfSequence, boolean endOfSequence, Long seed, Map<Integer, Integer> classStyles,
            boolean carriesStyle) {}

    private final Deserializer<SemanticFrame> avro;
    private final LabelSet labelSet;
    private final int modelWidth;
    private final int modelHeight;
    private final int maxWidth;
    private final int maxHeight;
    private final int maxRecordBytes;

    public FrameDecoder(Deserializer<SemanticFrame> avro, LabelSet labelSet, int modelWidth, int modelHeight,
            int maxWidth, int maxHeight, int maxRecordBytes) {
        this.avro = avro;
        this.labelSet = labelSet;
        this.modelWidth = modelWidth;
        this.modelHeight = modelHeight;
        this.maxWidth = maxWidth;
        this.maxHeight = maxHeight;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Decodes the Avro envelope only (so a rejection can name the video and frame). */
    public SemanticFrame envelope(String topic, String key, byte[] value) throws RejectedFrame {
        if (value == null) {
            throw new RejectedFrame(RejectionReason.INVALID_FIELD, "record has no value");
        }
        if (value.length > maxRecordBytes) {
            throw new RejectedFrame(RejectionReason.TOO_LARGE, "record of " + value.length + " bytes exceeds max.record.bytes " + maxRecordBytes);
        }
        SemanticFrame f;
        try {
            f = avro.deserialize(topic, value);
        } catch (RegistryUnreachableException e) {
            // not the record's fault: rejecting it would lose a good frame. The processor holds the record and tries
            // again; if the outage outlasts that, failing the task aborts the transaction and the stream thread is
            // replaced (SynthesisService), so the record is read again from the last commit once the registry answers.
            throw e;
        } catch (RuntimeException e) {
            throw new RejectedFrame(RejectionReason.SCHEMA_ERROR, "not a SemanticFrame: " + LabelPngs.describe(e));
        }
        if (key == null) {
            throw new RejectedFrame(RejectionReason.INVALID_FIELD, "record has no key; it must be the videoId '" + f.getVideoId()
                    + "' (frames are partitioned and their state kept by key)", f.getVideoId(), f.getFrameIndex());
        }
        if (!key.equals(f.getVideoId())) {
            throw new RejectedFrame(RejectionReason.INVALID_FIELD, "record key '" + key + "' differs from videoId '"
                    + f.getVideoId() + "' (frames are partitioned and their state kept by key)", f.getVideoId(), f.getFrameIndex());
        }
        if (f.getFrameIndex() < 0) {
            throw new RejectedFrame(RejectionReason.INVALID_FIELD, "frameIndex " + f.getFrameIndex() + " is negative",
                    f.getVideoId(), f.getFrameIndex());
        }
        return f;
    }

    public DecodedFrame decode(SemanticFrame f) throws RejectedFrame {
        int w = f.getWidth();
        int h = f.getHeight();
        if (w <= 0 || h <= 0) {
            throw new RejectedFrame(RejectionReason.INVALID_FIELD, "declared size " + w + "x" + h + " is not positive");
        }
        if (w > maxWidth || h > maxHeight) {
            throw new RejectedFrame(RejectionReason.TOO_LARGE, w + "x" + h + " exceeds the maximum " + maxWidth + "x" + maxHeight);
        }
        byte[] labelPng = bytes(f.getLabels());
        byte[] instancePng = f.getInstances() == null ? null : bytes(f.getInstances());
        // the headers first: a small PNG can claim (and inflate to) any size, so nothing is decoded before its
        // dimensions are known to be within the limits and to be what the record says
        checkHeader(labelPng, "label map", w, h);
        if (instancePng != null) {
            checkHeader(instancePng, "instance map", w, h);
        }
        LabelFrame labels;
        try {
            labels = LabelPngs.decode(labelPng, instancePng);
        } catch (IOException | RuntimeException e) {
            throw new RejectedFrame(RejectionReason.CORRUPT_IMAGE, LabelPngs.describe(e));
        } catch (OutOfMemoryError e) {
            // not expected within the checked limits; a failed allocation of one frame's pixels leaves the rest
            // of the service intact, so the frame is refused instead of losing the stream thread to it
            throw new RejectedFrame(RejectionReason.TOO_LARGE, "decoding the frame needed more memory than is free: "
                    + LabelPngs.describe(e));
        }
        if (labels.width() != w || labels.height() != h) {
            throw new RejectedFrame(RejectionReason.WRONG_SIZE, "label map is " + labels.width() + "x" + labels.height()
                    + " but the record says " + w + "x" + h);
        }
        int maxLabel = labels.maxLabel();
        if (!labelSet.contains(maxLabel)) {
            throw new RejectedFrame(RejectionReason.UNKNOWN_LABEL, "label id " + maxLabel + " is not in " + labelSet.name()
                    + " (0.." + (labelSet.size() - 1) + ")");
        }
        LabelFrame atModelSize = toModelSize(labels);
        FrameControl c = f.getControl();
        Map<Integer, Integer> styles = new TreeMap<>();
        if (c != null) {
            for (Map.Entry<String, Integer> e : c.getClassStyles().entrySet()) {
                try {
                    styles.put(Integer.parseInt(e.getKey()), e.getValue());
                } catch (NumberFormatException ex) {
                    throw new RejectedFrame(RejectionReason.INVALID_FIELD, "classStyles key '" + e.getKey() + "' is not a label id");
                }
            }
        }
        boolean carriesStyle = c != null && (c.getSeed() != null || !styles.isEmpty());
        return new DecodedFrame(f.getVideoId(), f.getFrameIndex(), f.getTimestamp().toEpochMilli(), atModelSize,
                c != null && c.getStartOfSequence(), c != null && c.getEndOfSequence(), c == null ? null : c.getSeed(),
                styles, carriesStyle);
    }

    private void checkHeader(byte[] png, String what, int claimedWidth, int claimedHeight) throws RejectedFrame {
        PngHeader header;
        try {
            header = PngHeader.read(png, what);
        } catch (IOException e) {
            throw new RejectedFrame(RejectionReason.CORRUPT_IMAGE, e.getMessage());
        }
        if (header.width() > maxWidth || header.height() > maxHeight) {
            throw new RejectedFrame(RejectionReason.TOO_LARGE, what + "'s header says " + header.width() + "x" + header.height()
                    + ", above max.frame.width x max.frame.height " + maxWidth + "x" + maxHeight + " (the record says "
                    + claimedWidth + "x" + claimedHeight + "); nothing was decoded");
        }
        if (header.width() != claimedWidth || header.height() != claimedHeight) {
            throw new RejectedFrame(RejectionReason.WRONG_SIZE, what + " is " + header.width() + "x" + header.height()
                    + " but the record says " + claimedWidth + "x" + claimedHeight);
        }
    }

    private LabelFrame toModelSize(LabelFrame labels) throws RejectedFrame {
        if (labels.width() == modelWidth && labels.height() == modelHeight) {
            return labels;
        }
        double aspect = (double) labels.width() / labels.height();
        double modelAspect = (double) modelWidth / modelHeight;
        if (Math.abs(aspect - modelAspect) / modelAspect > 0.01) {
            throw new RejectedFrame(RejectionReason.WRONG_SIZE, labels.width() + "x" + labels.height()
                    + " does not have the model's aspect ratio (" + modelWidth + "x" + modelHeight + ")");
        }
        return labels.resizedNearest(modelWidth, modelHeight);
    }


    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
