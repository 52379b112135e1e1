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
import ai.vidsynth.topology.state.InFlightFrames;
import ai.vidsynth.topology.state.InFlightFrames.Input;
import ai.vidsynth.topology.state.VideoStores;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
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
 * <p>Pipelined (the default, {@code pipeline}), the generator runs on a model thread and the frame's last two steps
 * come in the task's next {@code process()} call, or in a punctuation if no frame comes first: the stream thread
 * publishes one frame, commits and polls while the model makes the next, which needs only the previous frame's
 * images, not its encoding or its commit. Until then the frame's record is kept in {@link InFlightFrames}, a
 * changelogged store written in the transaction that commits the record's offset, so whoever runs the task after a
 * crash or a rebalance processes it again (README: Pipelining).
 */
public final class SynthesisProcessor implements Processor<String, byte[], String, Object> {

    public static final String OUTPUT = "synthesized-out";
    public static final String REJECTED = "rejected-out";

    private static final Logger LOG = LoggerFactory.getLogger(SynthesisProcessor.class);
    /** Between tries of a record held through a registry outage; the registry client's own retries come on top. */
    private static final Duration REGISTRY_RETRY_PAUSE = Duration.ofMillis(500);
    private static final long DEFAULT_TASK_TIMEOUT_MS = 300_000;
    /**
     * How often a pipelined task looks whether its frame in flight is done when no next frame comes. Kafka Streams
     * runs punctuators once per loop, after a poll that waits up to {@code poll.ms} (StreamsProperties lowers it).
     */
    private static final Duration PIPELINE_CHECK = Duration.ofMillis(1);

    private final FrameDecoder decoder;
    private final SequenceRules rules;
    private final InputPartitioning partitioning;
    private final Synthesizer synthesizer;
    private final Duration idleTimeout;
    private final Duration punctuateInterval;
    private final Duration latencyBudget;
    private final FrameMetrics metrics;
    private final FrameEncoding encoding;
    private final Executor modelThreads;
    private final boolean pipelined;
    private ProcessorContext<String, Object> context;
    private VideoStores stores;
    private InFlightFrames inFlightFrames;
    private Duration registryHold;
    /** The frame whose model runs while the stream thread goes on (pipelined); its record is in {@link #inFlightFrames}. */
    private Started inFlight;
    /** Whether this task's in-flight store was read for a frame left by a crash or by the task's previous owner. */
    private boolean storeChecked;

    /** A frame past its checks whose model has started, and what its last two steps need. */
    private record Started(Input input, DecodedFrame frame, Decision decision, VideoProgress progress, VideoState previous, Long seed,
            Map<Integer, Integer> classStyles, long startedMs, long waitedMs, CompletableFuture<Timed> synthesis) {}

    private record Timed(Synthesizer.Synthesis synthesis, long inferenceMs) {}

    private record Finished(Started started, Synthesizer.Synthesis synthesis, long inferenceMs) {}

    public SynthesisProcessor(FrameDecoder decoder, SequenceRules rules, InputPartitioning partitioning, Synthesizer synthesizer,
            Duration idleTimeout, Duration punctuateInterval, Duration latencyBudget, FrameMetrics metrics, FrameEncoding encoding,
            Executor modelThreads) {
        this.decoder = decoder;
        this.rules = rules;
        this.partitioning = partitioning;
        this.synthesizer = synthesizer;
        this.idleTimeout = idleTimeout;
        this.punctuateInterval = punctuateInterval;
        this.latencyBudget = latencyBudget;
        this.metrics = metrics;
        this.encoding = encoding;
        this.modelThreads = modelThreads == null ? Runnable::run : modelThreads;
        this.pipelined = modelThreads != null;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.registryHold = taskTimeout(context.appConfigs());
        this.stores = new VideoStores(context.getStateStore(VideoStores.PROGRESS), context.getStateStore(VideoStores.PAST_FRAMES),
                synthesizer.pastFrames());
        this.inFlightFrames = new InFlightFrames(context.getStateStore(InFlightFrames.STORE));
        // a task revived after a failed transaction may init this processor again: what it had in flight belongs to
        // the aborted transaction, and the store, rolled back with it, says what is in flight now
        dropInFlight();
        this.storeChecked = false;
        context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, this::evictIdleVideos);
        if (pipelined) {
            context.schedule(PIPELINE_CHECK, PunctuationType.WALL_CLOCK_TIME, this::publishFinishedInFlight);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        // timings use the real clock; Kafka Streams' cached wall-clock time is only updated between polls
        long started = System.currentTimeMillis();
        metrics.received();
        RecordMetadata m = context.recordMetadata().orElse(null);
        Input input = new Input(record.key(), record.value(), record.timestamp(), m == null ? "?" : m.topic(),
                m == null ? -1 : m.partition(), m == null ? -1 : m.offset());

        resumeFromStore();
        // pipelined, the frame in flight's model is still running: this frame's decoding overlaps it, and only the
        // sequence rules and the model's start come between the two models; the rest follows while this one runs
        Parsed parsed = parse(input);                                        // step 1
        Started before = inFlight;
        inFlight = null;
        Finished previous = before == null ? null : finishModel(before);   // step 5 of the frame in flight
        Started now = parsed.rejection() != null ? rejected(parsed) : start(parsed, started);   // steps 2 to 4
        stores.flush();
        if (previous != null) {
            publish(previous);                                               // step 6 of the frame before
        }
        if (now != null && pipelined) {
            inFlight = now;
            inFlightFrames.put(input);
        } else if (now != null) {
            finishAndPublish(now);
        }
        if (before != null && inFlight == null) {
            inFlightFrames.clear();
        }
        stores.flush();
    }

    /** A record that is not a frame, or not one for this partition; what step 1 found. */
    private record Parsed(Input input, DecodedFrame frame, Rejection rejection) {}

    /** Step 1: decode and validate. */
    private Parsed parse(Input record) {
        SemanticFrame envelope;
        try {
            envelope = envelopeHeldThroughRegistryOutage(record);
        } catch (RejectedFrame r) {
            return new Parsed(record, null, r.rejection().orFrame(record.key(), null));
        }
        // a video's state lives with the partition its key hashes to; a frame elsewhere cannot be continued
        if (record.partition() >= 0 && partitioning.expected(record.key()) != record.partition()) {
            return new Parsed(record, null, new Rejection(RejectionReason.WRONG_PARTITION,
                    partitioning.explain(record.key(), record.partition()), envelope.getVideoId(), envelope.getFrameIndex()));
        }
        try {
            return new Parsed(record, decoder.decode(envelope), null);
        } catch (RejectedFrame r) {
            return new Parsed(record, null, r.rejection().orFrame(envelope.getVideoId(), envelope.getFrameIndex()));
        }
    }

    private Started rejected(Parsed p) {
        reject(p.input(), p.rejection());
        return null;
    }

    /**
     * Steps 2 to 4 of a decoded frame: the video's state and the sequence rules, real-time mode, and the start of the
     * model. Null when the frame was answered by a rejection instead.
     */
    private Started start(Parsed parsed, long started) {
        Input record = parsed.input();
        DecodedFrame frame = parsed.frame();

        // 2. the video's state and the sequence rules
        VideoProgress progress = stores.progress(frame.videoId());
        Decision decision = rules.decide(progress, frame.frameIndex(), frame.startOfSequence());
        if (decision == Decision.DUPLICATE || decision == Decision.OUT_OF_ORDER) {
            reject(record, new Rejection(
                    decision == Decision.DUPLICATE ? RejectionReason.DUPLICATE : RejectionReason.OUT_OF_ORDER,
                    "frame " + frame.frameIndex() + " arrived after frame " + (progress.nextIndex() - 1) + " of this video",
                    frame.videoId(), frame.frameIndex()));
            return null;
        }
        if (decision == Decision.GAP_TOO_LARGE) {
            reject(record, new Rejection(RejectionReason.GAP_TOO_LARGE, rules.explainTooLarge(progress, frame.frameIndex()),
                    frame.videoId(), frame.frameIndex()));
            return null;
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
            return null;
        }

        // 4. start the generator (on a model thread when pipelined, here otherwise)
        StyleClusters.Choice style = new StyleClusters.Choice(seed, classStyles);
        CompletableFuture<Timed> synthesis = CompletableFuture.supplyAsync(() -> {
            long inferenceStart = System.nanoTime();
            Synthesizer.Synthesis s = synthesizer.next(frame.videoId(), previous, frame.labels(), style);
            return new Timed(s, (System.nanoTime() - inferenceStart) / 1_000_000);
        }, modelThreads);
        return new Started(record, frame, decision, progress, previous, seed, classStyles, started, waitedMs, synthesis);
    }

    /** Step 5: the model's result, and the video's state updated (or forgotten at the end of its sequence). */
    private Finished finishModel(Started s) {
        DecodedFrame frame = s.frame();
        Timed result;
        try {
            result = s.synthesis().join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof Error error) {
                throw error; // not the frame's fault (out of memory, a broken engine): the thread is replaced, as before
            }
            LOG.error("model failed on frame {} of {}", frame.frameIndex(), frame.videoId(), cause);
            reject(s.input(), new Rejection(RejectionReason.INTERNAL_ERROR, "model failed: " + cause, frame.videoId(), frame.frameIndex()));
            return null;
        }
        if (frame.endOfSequence()) {
            stores.evict(frame.videoId());
        } else {
            stores.advance(frame.videoId(), frame.frameIndex(), s.progress(), s.previous(), result.synthesis().next(), s.seed(),
                    s.classStyles(), context.currentSystemTimeMs());
        }
        return new Finished(s, result.synthesis(), result.inferenceMs());
    }

    /** Steps 5 and 6 of a frame with nothing started after it. */
    private void finishAndPublish(Started s) {
        Finished done = finishModel(s);
        stores.flush();
        if (done != null) {
            publish(done);
        }
    }

    /** Step 6: encode and publish. */
    private void publish(Finished f) {
        DecodedFrame frame = f.started().frame();
        Synthesizer.Synthesis synthesis = f.synthesis();
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
                .setRestarted(f.started().decision() == Decision.GAP)
                .setTimings(new FrameTimings(f.started().waitedMs(), f.inferenceMs(), now - f.started().startedMs()))
                .build();
        long timestamp = f.started().input().timestamp();
        context.forward(new Record<String, Object>(frame.videoId(), out, timestamp), OUTPUT);
        metrics.synthesized(f.inferenceMs(), now - timestamp);
    }

    /**
     * After a crash or a rebalance the frame that was in flight is in the store, not in memory: start it again (the
     * state stores are as they were before it, since its step 5 had not run).
     */
    private void resumeFromStore() {
        if (inFlight != null || storeChecked) {
            return;
        }
        storeChecked = true;
        Input stored = inFlightFrames.get();
        if (stored == null) {
            return;
        }
        LOG.info("resuming the frame in flight from {}-{} offset {}", stored.topic(), stored.partition(), stored.offset());
        Parsed parsed = parse(stored);
        inFlight = parsed.rejection() != null ? rejected(parsed) : start(parsed, System.currentTimeMillis());
        stores.flush();
        if (inFlight == null) {
            inFlightFrames.clear();
        }
    }

    /** A live feed that pauses must not leave its last frame unpublished: finish it once its model is done. */
    private void publishFinishedInFlight(long wallClockMs) {
        resumeFromStore();
        if (inFlight != null && inFlight.synthesis().isDone()) {
            Started s = inFlight;
            inFlight = null;
            finishAndPublish(s);
            inFlightFrames.clear();
        }
    }

    @Override
    public void close() {
        // the frame's record stays in the store for whoever runs the task next
        dropInFlight();
    }

    /** Forgets the frame in flight once its model has ended (it is not published; its record is in the store). */
    private void dropInFlight() {
        if (inFlight != null) {
            inFlight.synthesis().handle((r, e) -> null).join();
            inFlight = null;
        }
    }

    /**
     * The record's envelope. While the schema registry is unreachable the record is held here and tried again,
     * for up to Kafka Streams' {@code task.timeout.ms} (the time Streams itself gives a task to ride out a
     * transient error); after that the task fails, which also keeps the record (see {@link FrameDecoder}).
     * Holding comes first because a failed task costs its stream thread, and the replacement thread gets the
     * partitions back only after the group's session timeout (45 s by default): a registry restart of a few
     * seconds would otherwise stall the service for a minute.
     */
    private SemanticFrame envelopeHeldThroughRegistryOutage(Input record) throws RejectedFrame {
        long giveUpAt = System.nanoTime() + registryHold.toNanos();
        while (true) {
            try {
                return decoder.envelope(record.topic(), record.key(), record.value());
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
    private long waitedMs(long started, Input record) {
        return Math.max(0, Math.max(started, context.currentSystemTimeMs()) - record.timestamp());
    }

    private static Duration taskTimeout(Map<String, Object> appConfigs) {
        Object ms = appConfigs.get(StreamsConfig.TASK_TIMEOUT_MS_CONFIG);
        return Duration.ofMillis(ms == null ? DEFAULT_TASK_TIMEOUT_MS : Long.parseLong(ms.toString()));
    }

    private void reject(Input record, Rejection r) {
        FrameRejected out = FrameRejected.newBuilder()
                .setVideoId(r.videoId())
                .setFrameIndex(r.frameIndex())
                .setReason(r.reason())
                .setMessage(r.message())
                .setSource(new SourceCoordinates(record.topic(), record.partition(), record.offset()))
                .setRejectedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        LOG.info("rejected {} frame {}: {} {}", r.videoId(), r.frameIndex(), r.reason(), r.message());
        context.forward(new Record<String, Object>(record.key(), out, record.timestamp()), REJECTED);
        metrics.rejected(r.reason());
    }

    private void evictIdleVideos(long wallClockMs) {
        for (String videoId : stores.idleSince(wallClockMs - idleTimeout.toMillis())) {
            if (inFlight != null && inFlight.frame().videoId().equals(videoId)) {
                continue; // its frame in flight updates its state next
            }
            LOG.info("evicting idle video {}", videoId);
            stores.evict(videoId);
        }
    }
}
