package ai.vidsynth.model.memory;

import java.util.Map;
import java.util.Optional;

/**
 * The C allocator setting the project's launch path gives: glibc's {@code MALLOC_MMAP_THRESHOLD_}, fixed at 1 MiB.
 * Left to itself glibc raises its mmap threshold each time a large block is freed (up to 32 MiB), so libtorch's
 * activations (several MiB each) end up in the heap, whose high-water mark rises in steps and is never returned:
 * the soak measured resident memory stepping up 100 MB and more over thousands of frames, then staying there.
 * Fixed, blocks of 1 MiB and more are mapped and unmapped on free. It is an environment variable read when the
 * process starts, so the JVM cannot set it for itself: the Docker image and the README's commands set it, and
 * the long-running commands say so loudly when it is missing.
 */
public final class AllocatorPolicy {

    public static final String VARIABLE = "MALLOC_MMAP_THRESHOLD_";
    public static final String VALUE = "1048576";

    private AllocatorPolicy() {}

    /** A warning to print when the policy is not in effect on Linux, or empty. */
    public static Optional<String> warning(Map<String, String> env, String osName) {
        if (!osName.toLowerCase(java.util.Locale.ROOT).contains("linux") || env.containsKey(VARIABLE)) {
            return Optional.empty();
        }
        return Optional.of(VARIABLE + " is not set: native memory will rise in steps over a long run (glibc keeps "
                + "libtorch's large blocks in its heap). Start the JVM with " + VARIABLE + "=" + VALUE
                + " in its environment, as the Docker image does (README, Running for days).");
    }

    /** The same for this process. */
    public static Optional<String> warning() {
        return warning(System.getenv(), System.getProperty("os.name", ""));
    }
}
