package ai.vidsynth.schemas.registry;

import org.apache.avro.Schema;

/**
 * The two calls a Confluent-wire-format serde needs from a schema registry: register a schema under a
 * subject (getting its global id; registering the same schema again gives the same id) and fetch a
 * writer's schema by id.
 */
public interface SchemaRegistry {

    int register(String subject, Schema schema);

    Schema byId(int id);

    /** A schema id the registry does not know. */
    final class UnknownSchemaIdException extends RuntimeException {
        public UnknownSchemaIdException(int id) {
            super("schema id " + id + " is not registered");
        }
    }
}
