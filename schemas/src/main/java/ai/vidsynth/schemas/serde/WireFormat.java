package ai.vidsynth.schemas.serde;

import java.nio.ByteBuffer;

/**
 * Confluent's wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary
 * encoding of the record. Readers of Confluent's tools (console consumer, Connect, ksqlDB) expect exactly this.
 */
public final class WireFormat {

    public static final byte MAGIC = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** A payload that is not in the wire format. */
    public static final class MalformedPayloadException extends org.apache.kafka.common.errors.SerializationException {
        public MalformedPayloadException(String message) {
            super(message);
        }
    }

    public static byte[] frame(int schemaId, byte[] avro) {
        return ByteBuffer.allocate(HEADER_SIZE + avro.length).put(MAGIC).putInt(schemaId).put(avro).array();
    }

    /** The schema id of a framed payload; the Avro body starts at {@link #HEADER_SIZE}. */
    public static int schemaId(byte[] payload) {
        if (payload == null || payload.length < HEADER_SIZE) {
            throw new MalformedPayloadException("payload of " + (payload == null ? 0 : payload.length)
                    + " bytes is shorter than the 5-byte Confluent header");
        }
        if (payload[0] != MAGIC) {
            throw new MalformedPayloadException("unknown magic byte " + payload[0] + " (Confluent wire format starts with 0)");
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }
}
