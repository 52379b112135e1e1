package ai.vidsynth.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be (de)serialized because the schema registry did not answer within the client's
 * retries. Unlike every other {@link SerializationException} of the serdes it says nothing about the
 * record: the same record will succeed once the registry is back, so callers should retry, not reject it.
 */
public final class RegistryUnreachableException extends SerializationException {
    public RegistryUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
