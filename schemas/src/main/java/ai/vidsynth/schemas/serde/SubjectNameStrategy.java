package ai.vidsynth.schemas.serde;

import java.util.Arrays;
import org.apache.avro.Schema;

/**
 * Which registry subject a record's schema goes under, as Confluent's strategies of the same names:
 * TopicNameStrategy ({@code <topic>-value}: one record type per topic, the default), RecordNameStrategy
 * ({@code <record full name>}: one evolution history per record type across topics) and
 * TopicRecordNameStrategy ({@code <topic>-<record full name>}).
 */
public enum SubjectNameStrategy {
    TOPIC_NAME("io.confluent.kafka.serializers.subject.TopicNameStrategy"),
    RECORD_NAME("io.confluent.kafka.serializers.subject.RecordNameStrategy"),
    TOPIC_RECORD_NAME("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");

    private final String confluentClass;

    SubjectNameStrategy(String confluentClass) {
        this.confluentClass = confluentClass;
    }

    public String confluentClass() {
        return confluentClass;
    }

    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
            case RECORD_NAME -> schema.getFullName();
            case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
        };
    }

    /** From Confluent's class name (as in an existing client config) or its simple name. */
    public static SubjectNameStrategy of(String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1).trim();
        return Arrays.stream(values()).filter(s -> s.confluentClass.endsWith("." + simple)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown subject name strategy " + name + "; use one of "
                        + Arrays.stream(values()).map(SubjectNameStrategy::confluentClass).toList()));
    }
}
