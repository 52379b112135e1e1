package ai.vidsynth.model.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocatorPolicyTest {

    @Test
    void anOperatorsGlibcVariablesAndOtherSystemsAreLeftAlone() {
        assertNull(AllocatorPolicy.reasonToSkip(Map.of("PATH", "/bin"), "Linux"));
        assertTrue(AllocatorPolicy.reasonToSkip(Map.of("MALLOC_MMAP_THRESHOLD_", "1048576"), "Linux").contains("MALLOC_MMAP_THRESHOLD_=1048576"));
        assertTrue(AllocatorPolicy.reasonToSkip(Map.of("MALLOC_TRIM_THRESHOLD_", "0"), "Linux").contains("environment"));
        assertTrue(AllocatorPolicy.reasonToSkip(Map.of(), "Mac OS X").contains("not Linux"));
        assertTrue(AllocatorPolicy.apply(Map.of("MALLOC_TOP_PAD_", "0"), "Linux").contains("left to the environment"));
    }

    /**
     * After the policy a 16 MiB block comes from the heap, not from a mapping of its own (its chunk header says
     * which). With glibc's default the threshold starts at 128 KiB and the block would be mapped. So
     * does a 48 MiB one, above the largest threshold glibc accepts (32 MiB): only no mappings at all keep it out of
     * fresh pages.
     */
    @Test
    void largeBlocksComeFromTheHeapOnceApplied() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase().contains("linux"));
        String outcome = AllocatorPolicy.apply(Map.of(), "Linux");
        assumeTrue(!outcome.contains("not glibc"), outcome);
        assertEquals("allocator: " + AllocatorPolicy.describe(), outcome);

        NativeLibrary libc = NativeLibrary.getInstance("c");
        for (long mib : new long[] {16, 48}) {
            Pointer block = (Pointer) libc.getFunction("malloc").invoke(Pointer.class, new Object[] {mib << 20});
            try {
                block.setMemory(0, mib << 20, (byte) 1);
                // glibc marks a chunk that has a mapping of its own in its header, the size word just before the
                // block (bit 1, IS_MMAPPED). Read per block: the process-wide count of mapped blocks (mallinfo2)
                // also moves when other threads of the test JVM free blocks mapped before the policy was applied.
                assertEquals(0, block.getLong(-8) & 2, "a " + mib + " MiB block must not be mapped on its own");
            } finally {
                libc.getFunction("free").invoke(new Object[] {block});
            }
        }
    }

    @Test
    void theDockerImageLeavesTheAllocatorToTheProcess() throws Exception {
        String dockerfile = Files.readString(Path.of(System.getProperty("project.root", "..")).resolve("Dockerfile"));
        for (String variable : AllocatorPolicy.OPERATOR_VARIABLES) {
            assertFalse(dockerfile.contains(variable + "="), "an ENV " + variable + " would switch the policy off in the image");
        }
    }
}
