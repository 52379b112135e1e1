package ai.vidsynth.schemas.registry;

import org.apache.avro.Schema;

/**
 * What a Confluent-wire-format serde needs from a schema registry, in Confluent's terms. Ids are global:
 * the same schema registered under several subjects has one id. Failures are {@link RegistryException}s.
 */
public interface SchemaRegistry {

    /** Registers (or finds) the schema under the subject; refused with 409 when the subject's compatibility rule says so. */
    int register(String subject, Schema schema);

    /** The id of a schema already registered under the subject, without registering it ({@code auto.register.schemas=false}). */
    int idOf(String subject, Schema schema);

    /** A writer's schema by its global id. */
    Schema byId(int id);

    /** The subject's newest version ({@code use.latest.version}). */
    RegisteredSchema latest(String subject);

    /** Whether registering the schema would be accepted by the subject's compatibility rule (true for a new subject). */
    boolean isCompatible(String subject, Schema schema);

    /** Sets the subject's compatibility rule (an admin call; tests and demos use it). */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** A schema id the registry does not know (40403). */
    final class UnknownSchemaIdException extends RegistryException.SchemaNotFoundException {
        public UnknownSchemaIdException(int id) {
            super(RegistryException.SCHEMA_NOT_FOUND, "schema id " + id + " is not registered");
        }
    }
}
