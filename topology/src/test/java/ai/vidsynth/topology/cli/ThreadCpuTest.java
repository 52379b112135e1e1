package ai.vidsynth.topology.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void threadsAreGroupedByWhatTheyDo() {
        assertEquals("model", ThreadCpu.group("vidsynth-model-1"));
        assertEquals("stream threads", ThreadCpu.group("vidsynth-bench-5f2c-StreamThread-1"));
        // a stream thread's producer has its own I/O thread, named after the stream thread
        assertEquals("client I/O threads", ThreadCpu.group("kafka-producer-network-thread | vidsynth-bench-5f2c-StreamThread-1-producer"));
        assertEquals("bench feed and sink", ThreadCpu.group("main"));
        assertEquals("broker and other Java threads", ThreadCpu.group("data-plane-kafka-request-handler-0"));
    }

    @Test
    void aBusyThreadsTimeGoesToItsGroup() throws InterruptedException {
        ThreadCpu before = ThreadCpu.now();
        CountDownLatch spent = new CountDownLatch(1);
        CountDownLatch sampled = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            // spin until this thread has had 100 ms of CPU, however loaded the machine is, then stay alive until
            // sampled: an ended thread's time is no longer attributed to it
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            double x = 0;
            while (bean.getCurrentThreadCpuTime() < 100_000_000L) {
                x += Math.sqrt(x + 1);
            }
            spent.countDown();
            try {
                sampled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vidsynth-model-test");
        busy.start();
        spent.await();
        Map<String, Double> ms = ThreadCpu.now().since(before, 2);
        sampled.countDown();
        busy.join();
        assertEquals(ThreadCpu.GROUPS, ms.keySet().stream().limit(ThreadCpu.GROUPS.size()).toList());
        assertTrue(ms.get("model") >= 50 && ms.get("model") < 80, "100 ms over 2 frames: " + ms);
        assertTrue(ms.get("stream threads") == 0, ms.toString());
    }
}
