package ai.vidsynth.topology.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import ai.vidsynth.model.pix2pixhd.StyleClusters;
import ai.vidsynth.model.runtime.Synthesizer;
import ai.vidsynth.model.runtime.VideoState;
import ai.vidsynth.topology.StateProbeSynthesizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FrameBatcherTest {

    /** The state probe, recording each batch's labels (the frames carry their video's number as their label id). */
    static class Recording implements Synthesizer {
        final StateProbeSynthesizer probe = new StateProbeSynthesizer();
        final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Synthesis next(VideoState previous, LabelFrame frame, StyleClusters.Choice style) {
            batches.add(List.of(frame.labels()[0] & 0xff));
            return probe.next(previous, frame, style);
        }

        @Override
        public List<Synthesis> nextAll(List<Step> steps) {
            batches.add(steps.stream().map(s -> s.frame().labels()[0] & 0xff).toList());
            try {
                Thread.sleep(20);   // a model's time: requests pile up meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return steps.stream().map(s -> probe.next(s.previous(), s.frame(), s.style())).toList();
        }

        public int width() { return probe.width(); }
        public int height() { return probe.height(); }
        public LabelSet labels() { return probe.labels(); }
        public int pastFrames() { return probe.pastFrames(); }
        public String modelId() { return probe.modelId(); }
        public void close() {}
    }

    static LabelFrame frame(int video) {
        byte[] ids = new byte[StateProbeSynthesizer.SIZE_W * StateProbeSynthesizer.SIZE_H];
        java.util.Arrays.fill(ids, (byte) video);
        return new LabelFrame(StateProbeSynthesizer.SIZE_W, StateProbeSynthesizer.SIZE_H, ids, null);
    }

    @Test
    void framesOfDifferentVideosShareABatchButNeverTwoOfOneVideo() throws Exception {
        Recording model = new Recording();
        FrameBatcher batcher = new FrameBatcher(model, 4, Duration.ofMillis(50));
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Synthesizer.Synthesis>> results = new ArrayList<>();
            // six submitters at once, two of them for video 3 (a misuse the batcher must still keep apart)
            int[] videos = {1, 2, 3, 3, 4, 5};
            for (int v : videos) {
                results.add(threads.submit(() -> {
                    go.await();
                    return batcher.next("video-" + v, VideoState.EMPTY, frame(v), StyleClusters.Choice.DEFAULT);
                }));
            }
            go.countDown();
            for (int i = 0; i < videos.length; i++) {
                Synthesizer.Synthesis s = results.get(i).get();
                Synthesizer.Synthesis alone = model.probe.next(VideoState.EMPTY, frame(videos[i]), StyleClusters.Choice.DEFAULT);
                assertTrue(java.util.Arrays.equals(alone.image().rgb(), s.image().rgb()), "each thread gets its own frame");
            }
            assertEquals(6, model.batches.stream().mapToInt(List::size).sum(), "every frame ran once: " + model.batches);
            for (List<Integer> b : model.batches) {
                assertTrue(b.size() <= 4, "at most batch.max.size: " + b);
                assertEquals(b.size(), b.stream().distinct().count(), "two frames of one video in a batch: " + model.batches);
            }
            assertTrue(model.batches.stream().anyMatch(b -> b.size() > 1), "frames that waited together were batched: " + model.batches);
        } finally {
            threads.shutdownNow();
            batcher.close();
        }
    }

    @Test
    void aFailingBatchFailsOnlyTheFrameThatFails() throws Exception {
        Recording ok = new Recording();
        Synthesizer failing = new Recording() {
            @Override
            public Synthesis next(VideoState previous, LabelFrame frame, StyleClusters.Choice style) {
                if ((frame.labels()[0] & 0xff) == 9) {
                    throw new IllegalStateException("bad frame");
                }
                return ok.probe.next(previous, frame, style);
            }

            @Override
            public List<Synthesis> nextAll(List<Step> steps) {
                throw new IllegalStateException("the batch failed");
            }
        };
        FrameBatcher batcher = new FrameBatcher(failing, 4, Duration.ofMillis(100));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Synthesizer.Synthesis> good = threads.submit(() -> batcher.next("a", VideoState.EMPTY, frame(1), StyleClusters.Choice.DEFAULT));
            Future<Synthesizer.Synthesis> bad = threads.submit(() -> batcher.next("b", VideoState.EMPTY, frame(9), StyleClusters.Choice.DEFAULT));
            assertFalse(good.get().image().rgb().length == 0);
            try {
                bad.get();
                throw new AssertionError("the bad frame did not fail");
            } catch (java.util.concurrent.ExecutionException e) {
                assertEquals("bad frame", e.getCause().getMessage());
            }
        } finally {
            threads.shutdownNow();
            batcher.close();
        }
    }
}
