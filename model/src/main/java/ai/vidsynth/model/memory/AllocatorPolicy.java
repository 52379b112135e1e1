package ai.vidsynth.model.memory;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

import java.util.Locale;
import java.util.Map;

/**
 * The C allocator settings for libtorch's activations, applied by the process itself at start ({@link #apply()})
 * through glibc's {@code mallopt}: large blocks come from the heap instead of fresh mappings, and the heap keeps
 * up to {@link #TRIM_THRESHOLD} free at its top instead of handing every freed block back to the kernel.
 *
 * <p>Why, measured (2026-12-06, this project's VMs): a page the process touches for the first time costs a fault
 * that the hypervisor serves, about 10 µs per 4 KiB page: a C program touching a fresh 12 MiB mapping took 32 ms,
 * the same memory touched again 0.6 ms. A vid2vid frame allocates tens of MB of activations; whenever the
 * allocator gives them fresh pages, the frame pays those faults. The old policy ({@code MALLOC_MMAP_THRESHOLD_} =
 * 1 MiB, chosen for flat memory) mapped and unmapped every block of 1 MiB and more, so every frame paid them
 * all: the real-time model ran 3.2 frames/s bare (305 ms) and one large convolution 63 GFLOP/s, against 10.7
 * frames/s (92 ms) and 262 GFLOP/s with the heap kept (`bench --parts bare`, same hour). glibc's own default
 * (a threshold that rises with freed blocks, trimming at twice it) still faulted often: 7.7 frames/s.
 *
 * <p>Memory stays flat because a frame's blocks are the same sizes every frame: the heap grows to one frame's
 * working set (per allocating thread's arena) and is reused from then on; `soak` measures it (README, Running
 * for days). An operator who sets glibc's variables ({@code MALLOC_MMAP_THRESHOLD_}, {@code MALLOC_TRIM_THRESHOLD_},
 * {@code MALLOC_TOP_PAD_}) keeps them: the process then leaves the allocator alone and says so.
 *
 * <p>Written with JNA rather than a launcher script setting environment variables, so that every way of
 * starting it ({@code java -jar}, the Docker image, the fault suite's child JVMs) gets the same allocator: the two
 * entry points apply it before anything else. Safe because every convolution is padded against stale memory
 * ({@link ai.vidsynth.model.nn.padded.Conv2d}). Training gains most: a vid2vid step 9.46 s with the old threshold,
 * 2.43 s reusing the heap, the same losses to the last digit; 150 steps at 1.9 s a step with 0 skipped updates and
 * resident memory flat at 3856 MB over the last 90 (docs/soak/train-vid2vid-150-steps-heap-allocator.txt).
 *
 * <p>No block is mapped on its own at all ({@code M_MMAP_MAX} = 0): glibc refuses a threshold above 32 MiB, and
 * at 512x256 a layer's activations or gradients reach that (64 channels of 512x256 floats are 32 MiB), so they
 * were mapped and faulted in afresh every step. Measured on the coarse-to-fine vid2vid's training at 512x256
 * (2026-12-06, the same command restarted): 44,600 page faults a second and 30% of the CPU in the kernel with the
 * threshold alone, 700 a second and 2% with no mappings, the same losses to the last digit. What it cannot keep
 * out: a block larger than a thread arena's heap (64 MiB) is still mapped, since glibc falls back to a mapping when
 * no new heap can hold it (seen with a 96 MiB block on a new thread).
 */
public final class AllocatorPolicy {

    /** glibc's mallopt parameters (malloc.h). */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int M_MMAP_MAX = -4;

    /** Blocks below this come from the heap: glibc's largest allowed value on 64-bit (half its 64 MiB heap size). */
    public static final int MMAP_THRESHOLD = 32 << 20;
    /** Free memory at a heap's top beyond this goes back to the kernel; below it, it is kept for the next frame. */
    public static final int TRIM_THRESHOLD = 256 << 20;

    /** The environment variables with which an operator chooses glibc's allocator settings instead. */
    static final String[] OPERATOR_VARIABLES = {"MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_",
        "MALLOC_MMAP_MAX_"};

    private static String applied;

    private AllocatorPolicy() {}

    /**
     * Applies the policy once per process (later calls return the first outcome) and says what was done, for
     * the commands to log.
     */
    public static synchronized String apply() {
        if (applied == null) {
            applied = apply(System.getenv(), System.getProperty("os.name", ""));
        }
        return applied;
    }

    static String apply(Map<String, String> env, String osName) {
        String skipped = reasonToSkip(env, osName);
        if (skipped != null) {
            return "allocator: " + skipped;
        }
        NativeLibrary libc;
        try {
            libc = NativeLibrary.getInstance("c");
            libc.getFunction("gnu_get_libc_version");
        } catch (UnsatisfiedLinkError e) {
            return "allocator: left alone (not glibc: " + e.getMessage() + ")";
        }
        Function mallopt = libc.getFunction("mallopt");
        boolean ok = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
                & mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1
                & mallopt.invokeInt(new Object[] {M_MMAP_MAX, 0}) == 1;
        return ok ? "allocator: " + describe() : "allocator: mallopt refused the settings; glibc's defaults stay";
    }

    /** Why the policy is not applied in this environment, or null when it is. */
    static String reasonToSkip(Map<String, String> env, String osName) {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
            return "left alone (not Linux)";
        }
        for (String variable : OPERATOR_VARIABLES) {
            if (env.containsKey(variable)) {
                return "left to the environment (" + variable + "=" + env.get(variable) + ")";
            }
        }
        return null;
    }

    /** The settings, as logged. */
    public static String describe() {
        return "glibc mallopt M_MMAP_THRESHOLD=" + (MMAP_THRESHOLD >> 20) + " MiB, M_TRIM_THRESHOLD="
                + (TRIM_THRESHOLD >> 20) + " MiB, M_MMAP_MAX=0 (large blocks reused from the heap, not faulted in afresh)";
    }
}
