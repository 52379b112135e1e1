package ai.vidsynth.model.memory;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Samples this process's memory as a long run goes on (frames streamed, training steps taken) and fits its
 * growth: resident memory, the Java heap, direct buffers, what the JVM itself tracks natively (when started
 * with {@code -XX:NativeMemoryTracking=summary}), the rest (libtorch, the C allocator, RocksDB) as the
 * difference, and the NDArrays alive in DJL's engine. Used by {@code soak} and by the trainers'
 * {@code --memory-every}.
 */
public final class MemoryProbe {

    /** One sample after {@code count} units of work (frames or steps). */
    public record Sample(long count, double seconds, long rssMb, long rssFileMb, long heapUsedMb, long heapCommittedMb,
            long directMb, long jvmNativeMb, long outsideJvmMb, int ndArrays, Map<String, Long> gaugesMb) {

        public String line(String unit) {
            StringBuilder g = new StringBuilder();
            gaugesMb.forEach((k, v) -> g.append("  ").append(k).append(' ').append(v).append(" MB"));
            return String.format("%8d %s  %7.1f s  rss %5d MB (file %4d MB)  heap %4d/%4d MB  direct %4d MB  jvm-native %s  outside-jvm %s  ndarrays %d%s",
                    count, unit, seconds, rssMb, rssFileMb, heapUsedMb, heapCommittedMb, directMb,
                    jvmNativeMb < 0 ? "n/a" : jvmNativeMb + " MB", outsideJvmMb < 0 ? "n/a" : outsideJvmMb + " MB", ndArrays, g);
        }
    }

    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    private final long startNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final NDManager engine;
    private final Map<String, java.util.function.LongSupplier> gauges;

    public MemoryProbe() {
        this(Map.of());
    }

    /**
     * @param gauges named memory the caller can account for itself (bytes), sampled with the rest: e.g. RocksDB's
     *               block cache, to tell a cache filling up to its bound from a leak
     */
    public MemoryProbe(Map<String, java.util.function.LongSupplier> gauges) {
        this.gauges = new java.util.TreeMap<>(gauges);
        try (NDManager probe = NDManager.newBaseManager()) {
            // the engine's system manager: every base manager hangs below it, so it sees every live array
            this.engine = probe.getParentManager();
        }
    }

    public Sample sample(long count) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long rss = residentMb();
        long jvmNative = nmtCommittedMb();
        Map<String, Long> g = new LinkedHashMap<>();
        gauges.forEach((k, v) -> g.put(k, v.getAsLong() >> 20));
        Sample s = new Sample(count, (System.nanoTime() - startNanos) / 1e9, rss, residentFileMb(), mem.getHeapMemoryUsage().getUsed() >> 20,
                mem.getHeapMemoryUsage().getCommitted() >> 20, directMb(), jvmNative, jvmNative < 0 ? -1 : rss - jvmNative,
                engine.getManagedArrays().size(), g);
        samples.add(s);
        return s;
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * Least-squares slope of resident memory in MB per 1000 units over the samples at or after {@code warmup}
     * units; NaN with fewer than two such samples.
     */
    public double rssSlopePerThousand(long warmup) {
        return slopePerThousand(warmup, Sample::rssMb);
    }

    /** As {@link #rssSlopePerThousand} for any quantity of the samples. */
    public double slopePerThousand(long warmup, java.util.function.ToDoubleFunction<Sample> y) {
        List<Sample> after = samples.stream().filter(s -> s.count() >= warmup).toList();
        if (after.size() < 2) {
            return Double.NaN;
        }
        double mx = after.stream().mapToDouble(Sample::count).average().orElseThrow();
        double my = after.stream().mapToDouble(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (Sample s : after) {
            sxy += (s.count() - mx) * (y.applyAsDouble(s) - my);
            sxx += (s.count() - mx) * (s.count() - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx * 1000;
    }

    /** The first sample at or after {@code warmup} units, or null. */
    public Sample afterWarmup(long warmup) {
        return samples.stream().filter(s -> s.count() >= warmup).findFirst().orElse(null);
    }

    /** The summary soak and the trainers print and write as JSON. */
    public Map<String, Object> summary(long warmup, String unit) {
        Map<String, Object> m = new LinkedHashMap<>();
        Sample first = afterWarmup(warmup);
        Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        m.put("unit", unit);
        m.put("warmup", warmup);
        m.put("rss_slope_mb_per_1000", round(rssSlopePerThousand(warmup)));
        m.put("rss_after_warmup_mb", first == null ? null : first.rssMb());
        m.put("rss_end_mb", last == null ? null : last.rssMb());
        m.put("rss_end_minus_warmup_mb", first == null || last == null ? null : last.rssMb() - first.rssMb());
        m.put("rss_max_mb", samples.stream().mapToLong(Sample::rssMb).max().orElse(0));
        m.put("rss_file_slope_mb_per_1000", round(slopePerThousand(warmup, Sample::rssFileMb)));
        m.put("outside_jvm_slope_mb_per_1000", round(slopePerThousand(warmup, Sample::outsideJvmMb)));
        m.put("jvm_native_slope_mb_per_1000", round(slopePerThousand(warmup, Sample::jvmNativeMb)));
        for (String g : gauges.keySet()) {
            m.put(g + "_slope_mb_per_1000", round(slopePerThousand(warmup, s -> s.gaugesMb().get(g))));
            m.put("rss_without_" + g + "_slope_mb_per_1000", round(slopePerThousand(warmup, s -> s.rssMb() - s.gaugesMb().get(g))));
        }
        m.put("samples", samples);
        return m;
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
    }

    static long residentMb() {
        long bytes = residentBytes();
        return bytes < 0 ? -1 : bytes >> 20;
    }

    /** This process's resident memory (VmRSS), or -1 where /proc is absent. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) << 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: fall through
        }
        return -1;
    }

    /**
     * The part of resident memory that is pages of mapped files (RssFile + RssShmem): libtorch's and the JVM's code
     * as it is first run, the broker's memory-mapped indexes. The kernel can drop such pages and read them again, so
     * their growth is not a leak; -1 where /proc is absent.
     */
    static long residentFileMb() {
        long kb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("RssFile:") || line.startsWith("RssShmem:")) {
                    kb += Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return kb >> 10;
    }

    /** The NDArrays alive in DJL's engine now, in every manager (a count that grows with frames is a leak). */
    public static int liveNdArrays() {
        return Engine.SYSTEM.getManagedArrays().size();
    }

    /** The engine's system manager, found once: every base manager hangs below it, so it sees every live array. */
    private static final class Engine {
        static final NDManager SYSTEM = system();

        private static NDManager system() {
            try (NDManager probe = NDManager.newBaseManager()) {
                return probe.getParentManager();
            }
        }
    }

    private static long directMb() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum() >> 20;
    }

    /** The JVM's own committed memory by Native Memory Tracking (heap included), or -1 when tracking is off. */
    static long nmtCommittedMb() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "vmNativeMemory", new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            Matcher m = NMT_TOTAL.matcher(String.valueOf(text));
            return m.find() ? Long.parseLong(m.group(2)) >> 10 : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
