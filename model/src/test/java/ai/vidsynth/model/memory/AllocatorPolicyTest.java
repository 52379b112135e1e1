package ai.vidsynth.model.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
     * After the policy a 16 MiB block comes from the heap, not from a mapping of its own: glibc's count of mapped
     * blocks does not move. With glibc's default the threshold starts at 128 KiB and the block would be mapped. So
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
            long mappedBefore = MallInfo2.read(libc).hblks;
            Pointer block = (Pointer) libc.getFunction("malloc").invoke(Pointer.class, new Object[] {mib << 20});
            try {
                block.setMemory(0, mib << 20, (byte) 1);
                assertEquals(mappedBefore, MallInfo2.read(libc).hblks, "a " + mib + " MiB block must not be mapped on its own");
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

    /** glibc's {@code struct mallinfo2} (2.33 and later): ten size_t counters. */
    public static final class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost");
        }

        static MallInfo2 read(NativeLibrary libc) {
            Function f = libc.getFunction("mallinfo2");
            return (MallInfo2) f.invoke(MallInfo2.class, new Object[0]);
        }
    }
}
