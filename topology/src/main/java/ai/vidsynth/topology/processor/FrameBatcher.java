package ai.vidsynth.topology.processor;

import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.VideoState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Batching across videos (DESIGN.md): the threads that run the model (the stream threads, or pipelined their model
 * threads, one per stream thread) hand their frame to this shared batcher and wait; one thread runs whatever arrived
 * within {@code maxWait} of the first request (or {@code maxSize} of them) as one batch through
 * {@link Synthesizer#nextAll}, and hands each thread its result. A batch only forms when several of them wait at
 * once, so it needs {@code stream.threads} > 1 and partitions for them.
 * <p>A batch never holds two frames of one video: a later one waits for the next batch (a video's frames come
 * from one task, so this only guards a misuse). Batched frames equal their unbatched selves up to float rounding
 * (README: Batching).
 */
public final class FrameBatcher implements Synthesizer {

    private record Request(String videoId, Step step, CompletableFuture<Synthesis> result) {}

    private final Synthesizer model;
    private final int maxSize;
    private final Duration maxWait;
    private final LinkedBlockingDeque<Request> queue = new LinkedBlockingDeque<>();
    private final Thread worker;
    private volatile boolean closed;
    private volatile IntConsumer batchSizes = n -> {};

    public FrameBatcher(Synthesizer model, int maxSize, Duration maxWait) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.model = model;
        this.maxSize = maxSize;
        this.maxWait = maxWait;
        this.worker = new Thread(this::run, "vidsynth-batcher");
        worker.setDaemon(true);
        worker.start();
    }

    /** Called with each batch's size (metrics). */
    public void onBatch(IntConsumer sizes) {
        this.batchSizes = sizes;
    }

    @Override
    public Synthesis next(VideoState previous, LabelFrame frame, StyleClusters.Choice style) {
        return next(Thread.currentThread().getName(), previous, frame, style);
    }

    @Override
    public Synthesis next(String videoId, VideoState previous, LabelFrame frame, StyleClusters.Choice style) {
        if (closed) {
            throw new IllegalStateException("the batcher is closed");
        }
        Request r = new Request(videoId, new Step(previous, frame, style), new CompletableFuture<>());
        queue.add(r);
        try {
            return r.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the batch", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Request> held = new ArrayList<>();
        while (!closed) {
            try {
                List<Request> batch = new ArrayList<>();
                Set<String> videos = new HashSet<>();
                List<Request> later = new ArrayList<>();
                for (Request r : held) {
                    (batch.size() < maxSize && videos.add(r.videoId()) ? batch : later).add(r);
                }
                held = later;
                if (batch.isEmpty()) {
                    Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    videos.add(first.videoId());
                }
                long deadline = System.nanoTime() + maxWait.toNanos();
                while (batch.size() < maxSize) {
                    Request r = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (r == null) {
                        break;
                    }
                    (videos.add(r.videoId()) ? batch : held).add(r);
                }
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void runBatch(List<Request> batch) {
        batchSizes.accept(batch.size());
        try {
            List<Synthesis> out = batch.size() == 1
                    ? List.of(model.next(batch.get(0).step().previous(), batch.get(0).step().frame(), batch.get(0).step().style()))
                    : model.nextAll(batch.stream().map(Request::step).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(out.get(i));
            }
        } catch (RuntimeException e) {
            // one bad frame must not fail the others: each tries alone, and only its own thread sees its error
            for (Request r : batch) {
                try {
                    r.result().complete(model.next(r.step().previous(), r.step().frame(), r.step().style()));
                } catch (RuntimeException alone) {
                    r.result().completeExceptionally(alone);
                }
            }
        }
    }

    @Override
    public List<Synthesis> nextAll(List<Step> steps) {
        return model.nextAll(steps);
    }

    @Override
    public int width() {
        return model.width();
    }

    @Override
    public int height() {
        return model.height();
    }

    @Override
    public LabelSet labels() {
        return model.labels();
    }

    @Override
    public int pastFrames() {
        return model.pastFrames();
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public double gflopPerFrame() {
        return model.gflopPerFrame();
    }

    @Override
    public String device() {
        return model.device();
    }

    /** Stops the batching thread; the model itself belongs to whoever opened it. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        Request r;
        while ((r = queue.poll()) != null) {
            r.result().completeExceptionally(new IllegalStateException("the batcher is closed"));
        }
    }
}
