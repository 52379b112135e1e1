package ai.vidsynth.schemas.serde;

import ai.vidsynth.schemas.registry.SchemaRegistries;
import ai.vidsynth.schemas.registry.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a SpecificRecord in Confluent's wire format, registering its schema under the topic's subject
 * ({@code <topic>-value} or {@code <topic>-key}, Confluent's TopicNameStrategy). The id is cached per
 * subject, so the registry is asked once.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private SchemaRegistry registry;
    private boolean isKey;
    private final Map<String, Integer> idBySubject = new java.util.concurrent.ConcurrentHashMap<>();

    public AvroSerializer(Schema schema) {
        this.schema = schema;
        this.writer = new SpecificDatumWriter<>(schema);
    }

    public AvroSerializer(Schema schema, SchemaRegistry registry, boolean isKey) {
        this(schema);
        this.registry = registry;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.registry = SchemaRegistries.forUrl(SerdeConfig.from(configs).registryUrl());
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        String subject = topic + (isKey ? "-key" : "-value");
        int id = idBySubject.computeIfAbsent(subject, s -> registry.register(s, schema));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
            return WireFormat.frame(id, out.toByteArray());
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + schema.getFullName() + " for " + topic + ": " + e.getMessage(), e);
        }
    }
}
