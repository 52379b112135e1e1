package ai.vidsynth.topology.processor;

import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.VideoState;
import ai.vidsynth.schemas.FrameRejected;
import ai.vidsynth.schemas.FrameTimings;
import ai.vidsynth.schemas.GeneratorKind;
import ai.vidsynth.schemas.RejectionReason;
import ai.vidsynth.schemas.SemanticFrame;
import ai.vidsynth.schemas.SourceCoordinates;
import ai.vidsynth.schemas.SynthesizedFrame;
import ai.vidsynth.schemas.serde.RegistryUnreachableException;
import ai.vidsynth.topology.processor.FrameDecoder.DecodedFrame;
import ai.vidsynth.topology.processor.FrameDecoder.RejectedFrame;
import ai.vidsynth.topology.processor.SequenceRules.Decision;
import ai.vidsynth.topology.state.VideoProgress;
import ai.vidsynth.topology.state.VideoStores;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One frame's path through the service, top to bottom: decode and validate → look up the video's state →
 * apply the sequence rules → run the generator → update the state → encode → publish. Anything that is
 * not a frame becomes one record on the rejection topic; nothing is thrown at Kafka Streams for bad input.
 */
public final class SynthesisProcessor implements Processor<String, byte[], String, Object> {

    public static final String OUTPUT = "synthesized-out";
    public static final String REJECTED = "rejected-out";

    private static final Logger LOG = LoggerFactory.getLogger(SynthesisProcessor.class);
    /** Between tries of a record held through a registry outage; the registry client's own retries come on top. */
    private static final Duration REGISTRY_RETRY_PAUSE = Duration.ofMillis(500);
    private static final long DEFAULT_TASK_TIMEOUT_MS = 300_000;

    private final FrameDecoder decoder;
    private final SequenceRules rules;
    private final InputPartitioning partitioning;
    private final Synthesizer synthesizer;
    private final Duration idleTimeout;
    private final Duration punctuateInterval;
    private final Duration latencyBudget;
    private final FrameMetrics metrics;
    private final FrameEncoding encoding;
    private ProcessorContext<String, Object> context;
    private VideoStores stores;
    private Duration registryHold;

    public SynthesisProcessor(FrameDecoder decoder, SequenceRules rules, InputPartitioning partitioning, Synthesizer synthesizer,
            Duration idleTimeout, Duration punctuateInterval, Duration latencyBudget, FrameMetrics metrics, FrameEncoding encoding) {
        this.decoder = decoder;
        this.rules = rules;
        this.partitioning = partitioning;
        this.synthesizer = synthesizer;
        this.idleTimeout = idleTimeout;
        this.punctuateInterval = punctuateInterval;
        this.latencyBudget = latencyBudget;
        this.metrics = metrics;
        this.encoding = encoding;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.registryHold = taskTimeout(context.appConfigs());
        this.stores = new VideoStores(context.getStateStore(VideoStores.PROGRESS), context.getStateStore(VideoStores.PAST_FRAMES),
                synthesizer.pastFrames());
        context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, this::evictIdleVideos);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        // timings use the real clock; Kafka Streams' cached wall-clock time is only updated between polls
        long started = System.currentTimeMillis();
        metrics.received();
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("?");

        // 1. decode and validate
        SemanticFrame envelope;
        DecodedFrame frame;
        try {
            envelope = envelopeHeldThroughRegistryOutage(topic, record);
        } catch (RejectedFrame r) {
            reject(record, r.rejection().orFrame(record.key(), null));
            return;
        }
        // a video's state lives with the partition its key hashes to; a frame elsewhere cannot be continued
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        if (partition >= 0 && partitioning.expected(record.key()) != partition) {
            reject(record, new Rejection(RejectionReason.WRONG_PARTITION, partitioning.explain(record.key(), partition),
                    envelope.getVideoId(), envelope.getFrameIndex()));
            return;
        }
        try {
            frame = decoder.decode(envelope);
        } catch (RejectedFrame r) {
            reject(record, r.rejection().orFrame(envelope.getVideoId(), envelope.getFrameIndex()));
            return;
        }

        // 2. the video's state and the sequence rules
        VideoProgress progress = stores.progress(frame.videoId());
        Decision decision = rules.decide(progress, frame.frameIndex(), frame.startOfSequence());
        if (decision == Decision.DUPLICATE || decision == Decision.OUT_OF_ORDER) {
            reject(record, new Rejection(
                    decision == Decision.DUPLICATE ? RejectionReason.DUPLICATE : RejectionReason.OUT_OF_ORDER,
                    "frame " + frame.frameIndex() + " arrived after frame " + (progress.nextIndex() - 1) + " of this video",
                    frame.videoId(), frame.frameIndex()));
            return;
        }
        if (decision == Decision.GAP_TOO_LARGE) {
            reject(record, new Rejection(RejectionReason.GAP_TOO_LARGE, rules.explainTooLarge(progress, frame.frameIndex()),
                    frame.videoId(), frame.frameIndex()));
            return;
        }
        boolean continuing = decision == Decision.CONTINUE;
        VideoState previous = continuing ? stores.videoState(frame.videoId(), progress) : VideoState.EMPTY;
        Long seed = frame.carriesStyle() || progress == null ? frame.seed() : progress.seed();
        var classStyles = frame.carriesStyle() || progress == null ? frame.classStyles() : progress.classStyles();

        // 3. real-time mode: a frame whose turn comes after the latency budget is answered, not synthesized late
        long waitedMs = waitedMs(started, record);
        if (!latencyBudget.isZero() && waitedMs > latencyBudget.toMillis()) {
            if (frame.endOfSequence()) {
                stores.evict(frame.videoId());
            } else {
                stores.skip(frame.videoId(), frame.frameIndex(), progress, continuing, seed, classStyles, context.currentSystemTimeMs());
            }
            reject(record, new Rejection(RejectionReason.STALE, "frame waited " + waitedMs + " ms, more than latency.budget.ms "
                    + latencyBudget.toMillis() + "; the video goes on from its next frame"
                    + (continuing ? ", conditioned on the frames before this one" : ""), frame.videoId(), frame.frameIndex()));
            return;
        }

        // 4. run the generator
        long inferenceStart = System.nanoTime();
        Synthesizer.Synthesis synthesis;
        try {
            synthesis = synthesizer.next(frame.videoId(), previous, frame.labels(), new StyleClusters.Choice(seed, classStyles));
        } catch (RuntimeException e) {
            LOG.error("model failed on frame {} of {}", frame.frameIndex(), frame.videoId(), e);
            reject(record, new Rejection(RejectionReason.INTERNAL_ERROR, "model failed: " + e, frame.videoId(), frame.frameIndex()));
            return;
        }
        long inferenceMs = (System.nanoTime() - inferenceStart) / 1_000_000;

        // 5. update the video's state (or forget it at the end of its sequence)
        if (frame.endOfSequence()) {
            stores.evict(frame.videoId());
        } else {
            stores.advance(frame.videoId(), frame.frameIndex(), progress, previous, synthesis.next(), seed, classStyles,
                    context.currentSystemTimeMs());
        }

        // 6. encode and publish
        byte[] image = encoding.encode(synthesis.image());
        long now = System.currentTimeMillis();
        SynthesizedFrame out = SynthesizedFrame.newBuilder()
                .setVideoId(frame.videoId())
                .setFrameIndex(frame.frameIndex())
                .setSourceTimestamp(Instant.ofEpochMilli(frame.timestampMs()))
                .setWidth(synthesis.image().width())
                .setHeight(synthesis.image().height())
                .setImage(ByteBuffer.wrap(image))
                .setImageFormat(encoding.format())
                .setModelId(synthesizer.modelId())
                .setGenerator(synthesis.generator() == Synthesizer.Generator.SEQUENTIAL ? GeneratorKind.SEQUENTIAL : GeneratorKind.SINGLE_IMAGE)
                .setRestarted(decision == Decision.GAP)
                .setTimings(new FrameTimings(waitedMs, inferenceMs, now - started))
                .build();
        context.forward(new Record<String, Object>(frame.videoId(), out, record.timestamp()), OUTPUT);
        metrics.synthesized(inferenceMs, now - record.timestamp());
    }

    /**
     * The record's envelope. While the schema registry is unreachable the record is held here and tried again,
     * for up to Kafka Streams' {@code task.timeout.ms} (the time Streams itself gives a task to ride out a
     * transient error); after that the task fails, which also keeps the record (see {@link FrameDecoder}).
     * Holding comes first because a failed task costs its stream thread, and the replacement thread gets the
     * partitions back only after the group's session timeout (45 s by default): a registry restart of a few
     * seconds would otherwise stall the service for a minute.
     */
    private SemanticFrame envelopeHeldThroughRegistryOutage(String topic, Record<String, byte[]> record) throws RejectedFrame {
        long giveUpAt = System.nanoTime() + registryHold.toNanos();
        while (true) {
            try {
                return decoder.envelope(topic, record.key(), record.value());
            } catch (RegistryUnreachableException e) {
                if (System.nanoTime() - giveUpAt > 0) {
                    throw e;
                }
                LOG.warn("holding a frame of {} until the schema registry answers: {}", record.key(), e.getMessage());
                try {
                    Thread.sleep(REGISTRY_RETRY_PAUSE.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * How long the record waited from its timestamp (the producer's create time) until its turn. The later of
     * the real clock and the task's wall clock: Kafka Streams caches the latter per poll, so on its own it runs
     * behind while slow frames are processed; TopologyTestDriver advances only the latter.
     */
    private long waitedMs(long started, Record<String, byte[]> record) {
        return Math.max(0, Math.max(started, context.currentSystemTimeMs()) - record.timestamp());
    }

    private static Duration taskTimeout(Map<String, Object> appConfigs) {
        Object ms = appConfigs.get(StreamsConfig.TASK_TIMEOUT_MS_CONFIG);
        return Duration.ofMillis(ms == null ? DEFAULT_TASK_TIMEOUT_MS : Long.parseLong(ms.toString()));
    }

    private void reject(Record<String, byte[]> record, Rejection r) {
        RecordMetadata m = context.recordMetadata().orElse(null);
        FrameRejected out = FrameRejected.newBuilder()
                .setVideoId(r.videoId())
                .setFrameIndex(r.frameIndex())
                .setReason(r.reason())
                .setMessage(r.message())
                .setSource(new SourceCoordinates(m == null ? "?" : m.topic(), m == null ? -1 : m.partition(), m == null ? -1 : m.offset()))
                .setRejectedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        LOG.info("rejected {} frame {}: {} {}", r.videoId(), r.frameIndex(), r.reason(), r.message());
        context.forward(new Record<String, Object>(record.key(), out, record.timestamp()), REJECTED);
        metrics.rejected(r.reason());
    }

    private void evictIdleVideos(long wallClockMs) {
        for (String videoId : stores.idleSince(wallClockMs - idleTimeout.toMillis())) {
            LOG.info("evicting idle video {}", videoId);
            stores.evict(videoId);
        }
    }
}
