package ai.vidsynth.schemas.serde;

import ai.vidsynth.schemas.registry.CompatibilityLevel;
import ai.vidsynth.schemas.registry.RegistryException;
import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.schemas.registry.SchemaRegistry;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent's wire format into a SpecificRecord: the writer's schema is fetched by id (and cached)
 * and resolved against this reader's schema, so records from older and newer producers both decode.
 * Any failure is a {@link SerializationException} naming what went wrong: not the wire format (magic
 * byte), an id the registry does not know, a writer schema this reader cannot read, a broken body; or,
 * when the registry did not answer, a {@link RegistryUnreachableException} (retry later, the record may be fine).
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Schema readerSchema;
    private SchemaRegistry registry;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public AvroDeserializer(Schema readerSchema) {
        this.readerSchema = readerSchema;
    }

    public AvroDeserializer(Schema readerSchema, SchemaRegistry registry) {
        this(readerSchema);
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.registry = SchemaRegistries.forConfig(SerdeConfig.from(configs).registry());
    }

    @Override
    public T deserialize(String topic, byte[] payload) {
        if (payload == null) {
            return null;
        }
        int id = WireFormat.schemaId(payload);
        SpecificDatumReader<T> reader = readers.computeIfAbsent(id, this::reader);
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, WireFormat.HEADER_SIZE,
                    payload.length - WireFormat.HEADER_SIZE, null);
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException((payload.length - WireFormat.HEADER_SIZE) + "-byte body has trailing bytes");
            }
            return record;
        } catch (EOFException e) {
            throw new SerializationException("undecodable " + readerSchema.getName() + " (schema id " + id + "): the "
                    + (payload.length - WireFormat.HEADER_SIZE) + "-byte body ends before the record does (truncated)", e);
        } catch (IOException | RuntimeException e) {
            // Avro's own exceptions often carry no message: name their kind instead of printing "null"
            String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            throw new SerializationException("undecodable " + readerSchema.getName() + " (schema id " + id + "): " + why, e);
        }
    }

    private SpecificDatumReader<T> reader(int id) {
        Schema writer;
        try {
            writer = registry.byId(id);
        } catch (SchemaRegistry.UnknownSchemaIdException e) {
            throw new SerializationException("unknown schema id " + id + ": the schema registry has no such schema", e);
        } catch (RegistryException.UnavailableException e) {
            throw new RegistryUnreachableException("cannot fetch writer schema id " + id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot fetch writer schema id " + id + ": " + e.getMessage(), e);
        }
        if (!CompatibilityLevel.canRead(readerSchema, writer)) {
            throw new SerializationException("writer schema id " + id + " (" + writer.getFullName() + ") cannot be read as "
                    + readerSchema.getFullName() + ": " + CompatibilityLevel.incompatibility(readerSchema, writer));
        }
        return new SpecificDatumReader<>(writer, readerSchema);
    }
}
