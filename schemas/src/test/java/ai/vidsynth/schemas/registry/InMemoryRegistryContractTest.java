package ai.vidsynth.schemas.registry;

import org.junit.jupiter.api.BeforeAll;

/** The registry contract against {@code mock://}: it must answer as the real server does. */
class InMemoryRegistryContractTest extends SchemaRegistryContract {

    private static final String SCOPE = "contract";

    @BeforeAll
    static void fresh() {
        InMemorySchemaRegistry.drop(SCOPE);
    }

    @Override
    SchemaRegistry registry() {
        return InMemorySchemaRegistry.scope(SCOPE);
    }
}
