package ai.vidsynth.schemas.registry;

import org.apache.avro.Schema;

/** One version of a subject as the registry holds it: its global id and its version within the subject. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {}
