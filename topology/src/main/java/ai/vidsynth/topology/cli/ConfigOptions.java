package ai.vidsynth.topology.cli;

import ai.vidsynth.topology.config.ServiceConfig;
import ai.vidsynth.topology.config.Setting;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that talk to Kafka: a properties file and the most common overrides. */
public final class ConfigOptions {

    @Option(names = "--config", description = "properties file (keys as in the README's configuration table)")
    Path file;

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (overrides the file and VIDSYNTH_BOOTSTRAP_SERVERS)")
    String bootstrap;

    @Option(names = "--schema-registry-url", description = "schema registry URL")
    String registry;

    @Option(names = "--model-dir", description = "model folder (model card + weights)")
    Path modelDir;

    public ServiceConfig load() {
        Map<Setting, String> overrides = new EnumMap<>(Setting.class);
        if (bootstrap != null) {
            overrides.put(Setting.BOOTSTRAP_SERVERS, bootstrap);
        }
        if (registry != null) {
            overrides.put(Setting.SCHEMA_REGISTRY_URL, registry);
        }
        if (modelDir != null) {
            overrides.put(Setting.MODEL_DIR, modelDir.toString());
        }
        return ServiceConfig.load(file, System.getenv(), overrides);
    }
}
