package ai.vidsynth.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The loop the pix2pixHD, vid2vid and segmenter trainers share, so they cannot drift apart again: seeding,
 * resuming (networks, optimizers' moments and update counts, loss averages, wall time), the per-step random
 * source, loss averages, progress, checkpoints (every N steps, at the end, when a session's steps are done) and
 * the gradient guards' tally. A model supplies its networks, its optimizers, its guards and one step.
 *
 * <p>A run ends cleanly on SIGTERM (Ctrl-C, {@code kill}, a session's end): while {@link #train} runs, a shutdown
 * hook asks the loop to stop after the step under way, waits for it to checkpoint and return, and only then lets the
 * JVM exit. Without it the JVM exited in the middle of a step: {@code exit()} ran libtorch's static destructors while
 * the training thread was still inside a libtorch call, and the JVM died with SIGSEGV in libtorch_cpu (seen
 * 2026-12-06 on a vid2vid run stopped with SIGTERM), losing every step since the last periodic checkpoint.
 * SIGKILL cannot be caught; a checkpoint counts only once its state file is written, so it leaves the one before.
 */
public final class TrainingLoop {

    /** What every trainer's checkpoint state says of the run's progress. */
    public interface Saved {
        long step();

        double wallSeconds();

        Map<String, Double> losses();
    }

    /** How far a run got: steps done, training wall time over all sessions, loss averages. */
    public record Progress(long step, double wallSeconds, Map<String, Double> losses) {}

    /** The loop's settings; {@code sessionSteps} 0 runs to {@code steps}. */
    public record Settings(String name, long steps, long seed, int checkpointEvery, int logEvery, int sessionSteps) {}

    /** What a trainer brings to the loop. */
    public interface Model<S extends Saved> {

        /** The networks saved in every checkpoint, by file name. */
        Map<String, Block> blocks();

        /**
         * Called once the networks hold their starting weights: a resumed run's ({@code resumed} is its state), or
         * a new run's initialization ({@code resumed} null: warm starts from other models go here). Freeze what
         * stays fixed here; {@link #optimizers} is asked after this.
         */
        default void start(S resumed, NDManager root) throws IOException {}

        /** The optimizers saved in every checkpoint, by file name; asked once, after {@link #start}. */
        Map<String, Adam> optimizers();

        /** The guards whose skipped updates are tallied at the end, by name. */
        default Map<String, GradientGuard> guards() {
            return Map.of();
        }

        /**
         * One update at global step {@code step}; {@code random} depends only on the seed and the step, so a
         * resumed run draws what an uninterrupted one would. Returns the losses (a non-finite one is left out of
         * the averages).
         */
        Map<String, Float> step(NDManager m, long step, Random random);

        /** The state saved beside the weights. {@code last}: the run's final checkpoint. */
        S state(Progress progress, boolean last) throws IOException;
    }

    private static final double AVERAGE_DECAY = 0.98;

    /**
     * How long the shutdown hook waits for the step under way and its checkpoint: a vid2vid step takes 2–6 s on
     * this machine's two cores (burn-in windows the longest), 512x256 steps about four times that, a checkpoint a
     * second or two; past this the JVM exits anyway.
     */
    private static final long STOP_GRACE_SECONDS = 120;

    private final Settings settings;
    private final PrintStream log;
    private LongConsumer afterStep = step -> {};
    private volatile boolean stopRequested;

    public TrainingLoop(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /** Called after every step with the number of steps done (e.g. to sample memory). */
    public TrainingLoop afterEachStep(LongConsumer hook) {
        this.afterStep = hook;
        return this;
    }

    /** Seeds the engine; call before the networks are built, so that their initialization follows the seed. */
    public void seed() {
        Engine.getInstance().setRandomSeed((int) settings.seed());
    }

    /**
     * Trains {@code model} to the settings' steps (or for one session), resuming from {@code ckpt} where it holds
     * a run (networks, optimizers' moments and update counts, loss averages, wall time) and checkpointing into it.
     *
     * @return the state of the last checkpoint
     */
    public <S extends Saved> S train(Checkpoints ckpt, Model<S> model, Class<S> stateType, NDManager root) throws IOException {
        CountDownLatch returned = new CountDownLatch(1);
        Thread onTerm = new Thread(() -> {
            stopRequested = true; // the loop checkpoints and returns after the step under way
            try {
                returned.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "training-stop");
        Runtime.getRuntime().addShutdownHook(onTerm);
        try {
            return trainUntilStopped(ckpt, model, stateType, root);
        } finally {
            returned.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onTerm);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the loop has
            }
        }
    }

    private <S extends Saved> S trainUntilStopped(Checkpoints ckpt, Model<S> model, Class<S> stateType, NDManager root) throws IOException {
        S resumed = null;
        if (ckpt.exists()) {
            resumed = ckpt.loadState(stateType);
            for (Map.Entry<String, Block> b : model.blocks().entrySet()) {
                ckpt.loadBlock(b.getKey(), b.getValue(), root);
            }
        }
        model.start(resumed, root);
        Map<String, Adam> optimizers = model.optimizers();
        Progress from = new Progress(0, 0, new LinkedHashMap<>());
        if (resumed != null) {
            boolean moments = true;
            for (Map.Entry<String, Adam> o : optimizers.entrySet()) {
                moments &= ckpt.loadOptimizer(o.getKey(), o.getValue());
            }
            log.printf("resuming %s from step %d (%s)%s%n", settings.name(), resumed.step(), ckpt.dir(),
                    moments ? "" : "; the checkpoint has no optimizer state, so Adam's moments start again from zero");
            from = new Progress(resumed.step(), resumed.wallSeconds(), new LinkedHashMap<>(resumed.losses() == null ? Map.of() : resumed.losses()));
        }
        S last = loop(ckpt, model, optimizers, from, root);
        return last != null ? last : ckpt.loadState(stateType);
    }

    /**
     * A step's random source, a function of the seed and the step alone, so that a resumed run draws what an
     * uninterrupted one would. The two are mixed by SplitMix64 (the JDK's {@code SplittableRandom}) before they seed
     * {@code Random}: seeded with consecutive numbers directly ({@code seed * 7919 + step}, as until 2026-12-06),
     * {@code Random}'s first draws barely change from one step to the next. Measured with that: of the first 1000
     * vid2vid steps on 4 training sequences, 955 took the same sequence and only 36 of the 104 windows were ever
     * drawn; the held-out runs' "break" at step 960 was their first switch of sequence.
     */
    static Random stepRandom(long seed, long step) {
        return new Random(new SplittableRandom(seed * 7919 + step).nextLong());
    }

    private <S extends Saved> S loop(Checkpoints ckpt, Model<S> model, Map<String, Adam> optimizers, Progress from, NDManager root)
            throws IOException {
        Map<String, Double> averages = new LinkedHashMap<>(from.losses());
        ProgressBar bar = new ProgressBar(settings.name(), from.step(), settings.steps(), settings.logEvery(), log);
        long t0 = System.nanoTime();
        S last = null;
        for (long step = from.step(); step < settings.steps(); step++) {
            Random random = stepRandom(settings.seed(), step);
            try (NDManager m = root.newSubManager()) {
                model.step(m, step, random).forEach((k, v) -> {
                    if (Float.isFinite(v)) {
                        averages.merge(k, (double) v, (a, b) -> AVERAGE_DECAY * a + (1 - AVERAGE_DECAY) * b);
                    }
                });
            }
            long done = step + 1;
            bar.update(done, ProgressBar.values(averages));
            afterStep.accept(done);
            boolean end = done == settings.steps();
            boolean sessionOver = settings.sessionSteps() > 0 && done - from.step() >= settings.sessionSteps();
            boolean stop = stopRequested;
            if (done % settings.checkpointEvery() == 0 || end || sessionOver || stop) {
                last = save(ckpt, model, optimizers, new Progress(done, from.wallSeconds() + (System.nanoTime() - t0) / 1e9,
                        new LinkedHashMap<>(averages)), end);
            }
            if (sessionOver && !end) {
                log.printf("stopping after %d steps of this session (checkpoint at step %d); run again to go on%n",
                        settings.sessionSteps(), done);
                break;
            }
            if (stop && !end) {
                log.printf("stopping at step %d, as asked (checkpoint at step %d); run again to go on%n", done, done);
                break;
            }
        }
        for (Map.Entry<String, GradientGuard> g : model.guards().entrySet()) {
            log.printf("%s updates skipped in this session: %d non-finite, %d spikes%n", g.getKey(),
                    g.getValue().count(GradientGuard.Outcome.NON_FINITE), g.getValue().count(GradientGuard.Outcome.SPIKE));
        }
        return last;
    }

    private static <S extends Saved> S save(Checkpoints ckpt, Model<S> model, Map<String, Adam> optimizers, Progress progress, boolean end)
            throws IOException {
        S state = model.state(progress, end);
        for (Map.Entry<String, Block> b : model.blocks().entrySet()) {
            ckpt.saveBlock(b.getKey(), b.getValue());
        }
        for (Map.Entry<String, Adam> o : optimizers.entrySet()) {
            ckpt.saveOptimizer(o.getKey(), o.getValue());
        }
        // the state last: a checkpoint counts once its state names its step
        ckpt.saveState(state);
        return state;
    }
}
