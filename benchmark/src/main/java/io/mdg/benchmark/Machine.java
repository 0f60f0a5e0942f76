package io.mdg.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the figures were measured on, read from /proc and the JVM (nothing to install, nothing to ask). */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = grep("/proc/cpuinfo", "model name").orElse("unknown CPU");
        String memory = grep("/proc/meminfo", "MemTotal")
                .map(v -> String.format("%.1f GiB RAM", Long.parseLong(v.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse("unknown RAM");
        String os = grep("/etc/os-release", "PRETTY_NAME").map(v -> v.replace("\"", "")).orElse("Linux");
        String kernel = read("/proc/sys/kernel/osrelease").orElse("?");
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
                + os + " (kernel " + kernel + ")";
    }

    /** The 1-minute load average: how busy the machine was (above the core count: figures are disturbed). */
    static String load() {
        return read("/proc/loadavg").map(v -> v.split(" ")[0]).orElse("?");
    }

    /** Peak resident set size of a process in MiB (VmHWM), or -1 when it cannot be read. */
    static long peakRssMiB(long pid) {
        return grep("/proc/" + pid + "/status", "VmHWM").map(v -> Long.parseLong(v.replaceAll("\\D", "")) / 1024)
                .orElse(-1L);
    }

    /** Proportional set size of a process in KiB (/proc/<pid>/smaps_rollup: shared pages counted once), or -1. */
    static long pssKiB(long pid) {
        return grep("/proc/" + pid + "/smaps_rollup", "Pss:").map(v -> Long.parseLong(v.replaceAll("\\D", "")))
                .orElse(-1L);
    }

    /**
     * The memory of an embedded PostgreSQL: the PSS of its postmaster (from {@code postmaster.pid} under the data
     * folder {@code pgdata}) and of every process below it, in MiB; -1 when no live server is found there. PSS and
     * not summed RSS: the server's processes share its shared_buffers, which RSS would count once per process.
     */
    static long postgresPssMiB(Path postgresDir) {
        Optional<Long> postmaster = postmasterPid(postgresDir);
        Optional<ProcessHandle> process = postmaster.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return -1;
        }
        long kib = Math.max(0, pssKiB(process.get().pid()));
        kib += process.get().descendants().mapToLong(p -> Math.max(0, pssKiB(p.pid()))).sum();
        return kib / 1024;
    }

    /**
     * CPU seconds (user + system) an embedded PostgreSQL has used: its postmaster with the children it has reaped
     * (ended backends) and every live process below it; NaN when no live server is found.
     */
    static double postgresCpuSeconds(Path postgresDir) {
        Optional<ProcessHandle> process = postmasterPid(postgresDir).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return Double.NaN;
        }
        long ticks = cpuTicks(process.get().pid(), true);
        ticks += process.get().descendants().mapToLong(p -> cpuTicks(p.pid(), false)).sum();
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /** utime + stime (and cutime + cstime: reaped children) of /proc/<pid>/stat in clock ticks; 0 if unreadable. */
    static long cpuTicks(long pid, boolean reapedChildren) {
        return read("/proc/" + pid + "/stat").map(stat -> {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // after "pid (comm) ": state is field 0, utime 11, stime 12, cutime 13, cstime 14
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return reapedChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
        }).orElse(0L);
    }

    /** Whether a process runs (not a zombie: /proc/<pid>/stat state Z is a process that exited, not reaped yet). */
    static boolean runs(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()
                && read("/proc/" + pid + "/stat").map(stat -> !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z"))
                        .orElse(false);
    }

    /** Waits at most {@code timeout} until the process no longer runs ({@link #runs}); answers whether it stopped. */
    static boolean exits(long pid, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runs(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !runs(pid);
            }
        }
        return true;
    }

    /**
     * CPU seconds the whole machine has been busy since boot, all cores together (/proc/stat: user, nice, system,
     * irq, softirq and steal; not idle or iowait): with the CPU of the processes measured, what others took.
     */
    static double machineBusySeconds() {
        return read("/proc/stat").map(stat -> {
            String[] f = stat.lines().findFirst().orElse("cpu").trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += i < f.length ? Long.parseLong(f[i]) : 0;
            }
            return busy / 100.0;
        }).orElse(Double.NaN);
    }

    /** CPU seconds this JVM has used (all its threads). */
    static double jvmCpuSeconds() {
        return cpuTicks(ProcessHandle.current().pid(), false) / 100.0;
    }

    /** The postmaster's process id and port from {@code <postgresDir>/pgdata/postmaster.pid} (lines 1 and 4). */
    static Optional<Long> postmasterPid(Path postgresDir) {
        return postmasterLine(postgresDir, 0).map(Long::parseLong);
    }

    static Optional<Integer> postmasterPort(Path postgresDir) {
        return postmasterLine(postgresDir, 3).map(Integer::parseInt);
    }

    private static Optional<String> postmasterLine(Path postgresDir, int line) {
        try {
            List<String> lines = Files.readAllLines(postgresDir.resolve("pgdata").resolve("postmaster.pid"));
            return lines.size() > line ? Optional.of(lines.get(line).trim()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The JVM flags of this process (heap settings matter for the memory figures). */
    static String jvmFlags() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> flags = args.stream().filter(a -> a.startsWith("-X")).toList();
        return flags.isEmpty() ? "default flags" : String.join(" ", flags);
    }

    private static Optional<String> grep(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(l.contains(":") ? ':' : '=') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
