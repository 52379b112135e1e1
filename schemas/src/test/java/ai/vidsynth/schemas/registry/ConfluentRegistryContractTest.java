package ai.vidsynth.schemas.registry;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.ConfluentKafkaContainer;

/**
 * The registry contract against Confluent's own server (cp-schema-registry, with the Kafka broker it keeps
 * its schemas in), through the project's HTTP client: the same checks {@link ApicurioRegistryContractTest}
 * runs against Apicurio. Needs Docker; where there is none (as on the build machines here) it is skipped,
 * not failed.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentRegistryContractTest extends SchemaRegistryContract {

    static final String CONFLUENT_VERSION = "7.7.1";
    static final Network NETWORK = Network.newNetwork();

    @Container
    static final ConfluentKafkaContainer KAFKA = new ConfluentKafkaContainer("confluentinc/cp-kafka:" + CONFLUENT_VERSION)
            .withNetwork(NETWORK)
            .withListener("kafka:19092");

    @Container
    static final GenericContainer<?> REGISTRY = new GenericContainer<>("confluentinc/cp-schema-registry:" + CONFLUENT_VERSION)
            .withNetwork(NETWORK)
            .dependsOn(KAFKA)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .withExposedPorts(8081)
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

    @Override
    SchemaRegistry registry() {
        return new ConfluentRegistryClient("http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081));
    }
}
