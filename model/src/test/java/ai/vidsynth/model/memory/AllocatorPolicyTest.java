package ai.vidsynth.model.memory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocatorPolicyTest {

    @Test
    void warnsOnLinuxWithoutTheThresholdOnly() {
        assertTrue(AllocatorPolicy.warning(Map.of(), "Linux").orElseThrow().contains("MALLOC_MMAP_THRESHOLD_=1048576"));
        assertFalse(AllocatorPolicy.warning(Map.of("MALLOC_MMAP_THRESHOLD_", "1048576"), "Linux").isPresent());
        assertFalse(AllocatorPolicy.warning(Map.of(), "Mac OS X").isPresent());
    }

    @Test
    void theDockerImageSetsIt() throws Exception {
        String dockerfile = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("project.root", "..")).resolve("Dockerfile"));
        assertTrue(dockerfile.contains(AllocatorPolicy.VARIABLE + "=" + AllocatorPolicy.VALUE), "the image's ENV sets the allocator policy");
    }
}
