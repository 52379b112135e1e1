package ai.vidsynth.topology.config;

/**
 * Every setting of the service: its key in a properties file, its environment variable, its default and
 * what it does. The README's configuration table and docker-compose's environment use these names (a test
 * checks that).
 */
public enum Setting {
    BOOTSTRAP_SERVERS("bootstrap.servers", "localhost:9092", "Kafka bootstrap servers"),
    APPLICATION_ID("application.id", "vidsynth", "Kafka Streams application id (consumer group, state and internal topic prefix)"),
    SCHEMA_REGISTRY_URL("schema.registry.url", "mock://vidsynth", "schema registry; mock://scope is an in-process registry"),
    INPUT_TOPIC("input.topic", "semantic-frames", "topic of SemanticFrame records, key = videoId"),
    OUTPUT_TOPIC("output.topic", "synthesized-frames", "topic of SynthesizedFrame records"),
    REJECTED_TOPIC("rejected.topic", "frames-rejected", "topic of FrameRejected records"),
    TOPIC_PARTITIONS("topic.partitions", "3", "partitions of the topics the service creates when they are missing"),
    REPLICATION_FACTOR("replication.factor", "-1", "replication of created and internal topics (-1 = broker default)"),
    MODEL_DIR("model.dir", "models/vid2vid-256x128", "folder of the model card and weights to run"),
    MODEL_DEVICE("model.device", "auto", "where the model runs: cpu, gpu (fails at start without a CUDA device) or auto (the GPU when DJL finds one); the choice is logged at start"),
    MODEL_THREADS("model.threads", "0", "intra-op threads of the model on the CPU (one pool for the process); 0 = the engine's default, one per core"),
    STATE_DIR("state.dir", "state", "Kafka Streams state directory (RocksDB stores)"),
    INSTANCE_ID("instance.id", "auto", "static group membership id of this instance: restarted with the same id it gets its partitions back at once; auto = host name + state.dir, none = dynamic membership"),
    STREAM_THREADS("stream.threads", "1", "Kafka Streams threads"),
    PROCESSING_GUARANTEE("processing.guarantee", "exactly_once_v2", "exactly_once_v2 or at_least_once"),
    MAX_FRAME_WIDTH("max.frame.width", "2048", "widest accepted input frame"),
    MAX_FRAME_HEIGHT("max.frame.height", "1024", "tallest accepted input frame"),
    MAX_RECORD_BYTES("max.record.bytes", "16777216", "largest accepted input record and produced record"),
    MAX_FRAME_GAP("max.frame.gap", "1000", "the most frames a forward jump of a video's frame index may skip; a larger one is rejected"),
    LATENCY_BUDGET_MS("latency.budget.ms", "0", "real-time mode: a frame that waited longer than this (since its record's timestamp) when its turn comes is answered STALE instead of synthesized; 0 = off, every frame is synthesized"),
    PIPELINE("pipeline", "true", "a frame's model runs while the stream thread publishes the frame before it and commits (its record is kept in a changelogged store until then, so exactly-once holds); false = one frame at a time"),
    BATCH_MAX_SIZE("batch.max.size", "1", "frames of different videos run through the model as one batch at most (for accelerators; needs stream.threads > 1); 1 = no batching"),
    BATCH_MAX_WAIT_MS("batch.max.wait.ms", "2", "how long a batch waits for more frames after its first"),
    IDLE_TIMEOUT_MS("idle.timeout.ms", "300000", "a video's state is evicted after this long without frames (wall clock)"),
    PUNCTUATE_INTERVAL_MS("punctuate.interval.ms", "10000", "how often idle videos are looked for"),
    STANDBY_REPLICAS("standby.replicas", "0", "Kafka Streams standby replicas of the state stores"),
    COMMIT_INTERVAL_MS("commit.interval.ms", "100", "Kafka Streams commit interval (the transaction length under exactly-once)"),
    OUTPUT_IMAGE_FORMAT("output.image.format", "png", "image format of published frames: png (lossless) or jpeg (lossy at output.jpeg.quality; several times smaller records, faster to encode)"),
    OUTPUT_JPEG_QUALITY("output.jpeg.quality", "0.9", "JPEG quality (0..1) with output.image.format=jpeg"),
    HTTP_PORT("http.port", "-1", "port of the HTTP endpoint (live viewer, /health/live, /health/ready, /metrics); -1 = none, 0 = any free port"),
    HTTP_HOST("http.host", "127.0.0.1", "address the HTTP endpoint binds to (0.0.0.0 to serve other hosts, as in the Docker image)");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** {@code VIDSYNTH_} + the key in upper case with dots as underscores. */
    public String envName() {
        return "VIDSYNTH_" + key.toUpperCase().replace('.', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
