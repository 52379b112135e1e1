package ai.vidsynth.schemas.registry;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry contract against a real Confluent-API server (Apicurio 2.4.2), through the project's HTTP client. */
class ApicurioRegistryContractTest extends SchemaRegistryContract {

    @RegisterExtension
    static final ApicurioRegistryServer SERVER = new ApicurioRegistryServer();

    @Override
    SchemaRegistry registry() {
        return new ConfluentRegistryClient(SERVER.url());
    }
}
