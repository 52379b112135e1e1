package ai.vidsynth.schemas.serde;

import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.registry.SchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes named after their records, all on one registry. */
public final class AvroSerdes {

    private AvroSerdes() {}

    public static Serde<SemanticFrame> semanticFrame(SchemaRegistry registry) {
        return of(registry, SemanticFrame.getClassSchema());
    }

    public static Serde<SynthesizedFrame> synthesizedFrame(SchemaRegistry registry) {
        return of(registry, SynthesizedFrame.getClassSchema());
    }

    public static Serde<FrameRejected> frameRejected(SchemaRegistry registry) {
        return of(registry, FrameRejected.getClassSchema());
    }

    private static <T extends SpecificRecord> Serde<T> of(SchemaRegistry registry, org.apache.avro.Schema schema) {
        return Serdes.serdeFrom(new AvroSerializer<>(schema, registry, false), new AvroDeserializer<>(schema, registry));
    }
}
