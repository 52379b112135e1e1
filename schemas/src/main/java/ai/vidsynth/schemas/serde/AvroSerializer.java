package ai.vidsynth.schemas.serde;

import ai.vidsynth.schemas.registry.CompatibilityLevel;
import ai.vidsynth.schemas.registry.RegisteredSchema;
import ai.vidsynth.schemas.registry.RegistryException;
import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.schemas.registry.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a SpecificRecord in Confluent's wire format under the subject its {@link SubjectNameStrategy}
 * names. The schema id comes, once per subject, from registering the record's schema
 * ({@code auto.register.schemas=true}, the default), from looking it up (false), or, with
 * {@code use.latest.version}, from the subject's latest version: then the record is converted to that
 * schema by Avro's schema resolution, so the bytes always match the id they carry.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** The id to write and, when it is not the record's own schema, the schema the bytes must follow. */
    private record Target(int id, Schema convertTo) {}

    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private SchemaRegistry registry;
    private SerdeConfig config;
    private boolean isKey;
    private final Map<String, Target> targetBySubject = new ConcurrentHashMap<>();

    public AvroSerializer(Schema schema) {
        this.schema = schema;
        this.writer = new SpecificDatumWriter<>(schema);
    }

    public AvroSerializer(Schema schema, SchemaRegistry registry, boolean isKey) {
        this(schema, registry, isKey, SerdeConfig.defaults());
    }

    public AvroSerializer(Schema schema, SchemaRegistry registry, boolean isKey, SerdeConfig config) {
        this(schema);
        this.registry = registry;
        this.isKey = isKey;
        this.config = config;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = SerdeConfig.from(configs);
        this.registry = SchemaRegistries.forConfig(config.registry());
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        String subject = config.strategy(isKey).subject(topic, isKey, schema);
        Target target;
        try {
            target = targetBySubject.computeIfAbsent(subject, this::target);
        } catch (RegistryException.UnavailableException e) {
            throw new RegistryUnreachableException("cannot get a schema id for subject " + subject + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot get a schema id for " + schema.getFullName() + " under subject " + subject + ": " + e.getMessage(), e);
        }
        try {
            byte[] avro = encode(writer, record);
            if (target.convertTo() != null) {
                avro = encode(new GenericDatumWriter<>(target.convertTo()), new GenericDatumReader<>(schema, target.convertTo())
                        .read(null, DecoderFactory.get().binaryDecoder(avro, null)));
            }
            return WireFormat.frame(target.id(), avro);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + schema.getFullName() + " for " + topic + ": " + e.getMessage(), e);
        }
    }

    private Target target(String subject) {
        if (config.useLatestVersion()) {
            RegisteredSchema latest = registry.latest(subject);
            if (SchemaNormalization.toParsingForm(latest.schema()).equals(SchemaNormalization.toParsingForm(schema))) {
                return new Target(latest.id(), null);
            }
            if (!CompatibilityLevel.canRead(latest.schema(), schema)) {
                throw new SerializationException("use.latest.version: version " + latest.version() + " (id " + latest.id() + ") of "
                        + subject + " cannot read " + schema.getFullName() + ": " + CompatibilityLevel.incompatibility(latest.schema(), schema));
            }
            return new Target(latest.id(), latest.schema());
        }
        return new Target(config.autoRegister() ? registry.register(subject, schema) : registry.idOf(subject, schema), null);
    }

    private static <D> byte[] encode(DatumWriter<D> w, D datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        var encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        w.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
