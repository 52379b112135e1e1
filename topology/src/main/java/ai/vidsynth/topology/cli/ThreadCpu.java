package ai.vidsynth.topology.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of this JVM's threads between two moments, by what they do: the model, the stream threads, the Kafka
 * clients' I/O threads, the bench's own feeding and collecting, the embedded broker (with the JVM's other Java
 * threads), and what no Java thread accounts for (garbage collection, the JIT compilers, libtorch's own threads).
 * On two cores the service's throughput is the model thread's, and everything else competes with it for the other
 * core: this says which part of "everything else" to make cheaper. JDK's ThreadMXBean, not a profiler, because a
 * profiler's sampling would itself take the core being measured.
 */
final class ThreadCpu {

    /** The groups, in the order they are printed. */
    static final List<String> GROUPS = List.of("model", "stream threads", "client I/O threads", "bench feed and sink",
            "broker and other Java threads", "outside Java threads (GC, JIT, native)");
    /**
     * What the JVM says of its own threads outside Java, as elapsed time per frame (not CPU: a collection's
     * workers run in parallel, several compilers at once): compiling and collecting.
     */
    static final String JIT = "of which JIT compiling (elapsed)";
    static final String GC = "of which GC (elapsed)";

    private final Map<Long, Long> threadNanos;
    private final Map<Long, String> names;
    private final long processNanos;
    private final long compileMs;
    private final long gcMs;

    private ThreadCpu(Map<Long, Long> threadNanos, Map<Long, String> names, long processNanos, long compileMs, long gcMs) {
        this.threadNanos = threadNanos;
        this.names = names;
        this.processNanos = processNanos;
        this.compileMs = compileMs;
        this.gcMs = gcMs;
    }

    static ThreadCpu now() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info == null) {
                continue; // ended between the two calls
            }
            long cpu = bean.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                nanos.put(info.getThreadId(), cpu);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
        var compilation = ManagementFactory.getCompilationMXBean();
        long compile = compilation != null && compilation.isCompilationTimeMonitoringSupported() ? compilation.getTotalCompilationTime() : 0;
        return new ThreadCpu(nanos, names, process, compile, gc);
    }

    /** Milliseconds of CPU per frame since {@code before}, all this process's threads (libtorch's included). */
    double totalMs(ThreadCpu before, int frames) {
        return (processNanos - before.processNanos) / 1e6 / frames;
    }

    /**
     * Milliseconds of CPU per frame since {@code before}, by group (every group present, in {@link #GROUPS}' order),
     * then {@link #JIT} and {@link #GC}.
     */
    Map<String, Double> since(ThreadCpu before, int frames) {
        Map<String, Double> ms = new LinkedHashMap<>();
        GROUPS.forEach(g -> ms.put(g, 0.0));
        double javaSum = 0;
        for (Map.Entry<Long, Long> e : threadNanos.entrySet()) {
            // a thread started in between counts from zero; one that ended in between is lost to "outside"
            double d = (e.getValue() - before.threadNanos.getOrDefault(e.getKey(), 0L)) / 1e6 / frames;
            javaSum += d;
            ms.merge(group(names.get(e.getKey())), d, Double::sum);
        }
        ms.put(GROUPS.get(GROUPS.size() - 1), Math.max(0, (processNanos - before.processNanos) / 1e6 / frames - javaSum));
        ms.put(JIT, (double) (compileMs - before.compileMs) / frames);
        ms.put(GC, (double) (gcMs - before.gcMs) / frames);
        return ms;
    }

    static String group(String name) {
        if (name.startsWith("vidsynth-model") || name.startsWith("vidsynth-batcher")) {
            return "model";
        }
        if (name.startsWith("kafka-producer-network-thread") || name.startsWith("kafka-admin-client")
                || name.startsWith("kafka-coordinator-heartbeat")) {
            return "client I/O threads";
        }
        if (name.matches(".*-StreamThread-\\d+")) {
            return "stream threads";
        }
        if (name.equals("main") || name.startsWith("bench-")) {
            return "bench feed and sink";
        }
        return "broker and other Java threads";
    }
}
