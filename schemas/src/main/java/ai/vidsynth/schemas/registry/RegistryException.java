package ai.vidsynth.schemas.registry;

/**
 * A schema registry call that failed, with Confluent's error code where the registry sent one
 * (e.g. 40401 subject not found, 40403 schema not found, 409 incompatible, 42201 invalid schema).
 * The subclasses let callers tell a wrong request (never worth retrying) from an unreachable registry
 * (worth retrying later: the record that needed it must not be thrown away).
 */
public class RegistryException extends RuntimeException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    /** No answer at all: connection refused, timed out, 5xx after every retry. */
    public static final int UNREACHABLE = -1;

    private final int errorCode;

    public RegistryException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public RegistryException(int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }

    /** 40401, or 40402 for "latest": the subject has no versions. */
    public static final class SubjectNotFoundException extends RegistryException {
        public SubjectNotFoundException(int code, String message) {
            super(code, message);
        }
    }

    /** 40403, or a lookup of a schema that is not registered under the subject. */
    public static class SchemaNotFoundException extends RegistryException {
        public SchemaNotFoundException(int code, String message) {
            super(code, message);
        }
    }

    /** 409: the subject's compatibility rule refuses the schema. */
    public static final class IncompatibleSchemaException extends RegistryException {
        public IncompatibleSchemaException(String message) {
            super(INCOMPATIBLE_SCHEMA, message);
        }
    }

    /** 42201: the registry cannot parse the schema. */
    public static final class InvalidSchemaException extends RegistryException {
        public InvalidSchemaException(String message) {
            super(INVALID_SCHEMA, message);
        }
    }

    /** 401 / 403: credentials missing or refused. */
    public static final class AuthenticationException extends RegistryException {
        public AuthenticationException(int status, String message) {
            super(status, message);
        }
    }

    /** No usable answer after the configured retries: a transient condition, the request itself may be fine. */
    public static final class UnavailableException extends RegistryException {
        public UnavailableException(String message, Throwable cause) {
            super(UNREACHABLE, message, cause);
        }
    }
}
