package io.mdg.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service's own Spring Boot application ({@code io.mdg.app.MdgApplication}, loaded by name: the benchmark runs on
 * the assembled jar's class path) started inside the benchmark's JVM, with every role and the {@code bench} profile,
 * on a free port and a data directory: for the figures that talk to the command and query gateways directly.
 */
final class InProcessService implements AutoCloseable {

    static final String APPLICATION = "io.mdg.app.MdgApplication";
    static final String PROFILES = "command,query,edge,bench";

    private final ConfigurableApplicationContext context;
    private final Path dataDir;

    private InProcessService(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
    }

    static InProcessService start(Path dataDir, String issuer, Path logFile) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("mdg.data-dir", dataDir.toAbsolutePath().toString());
        properties.put("mdg.security.issuer", issuer);
        properties.put("spring.profiles.active", PROFILES);
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.root", "WARN");
        // the service's log goes to a file: the terminal shows the figures
        properties.put("logging.file.name", logFile.toAbsolutePath().toString());
        properties.put("logging.threshold.console", "OFF");
        if (Statements.wanted() > 0) {
            properties.put("mdg.postgres.embedded.preload-libraries", "pg_stat_statements");
        }
        // As command-line arguments: they override application.yml.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        try {
            Class<?> application = Class.forName(APPLICATION);
            return new InProcessService(new SpringApplicationBuilder(application).run(args), dataDir);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("run the benchmark on the service jar's class path (./mdg bench)", e);
        }
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /**
     * Events in the event store: the position of its head (the highest global index; Axon's rows are never deleted),
     * asked through Axon's event store, whatever engine the service configured.
     */
    long storedEvents() {
        TrackingToken head = bean(EventStore.class).createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }

    /** Bytes on disk of the embedded PostgreSQL's folder ({@code <data dir>/postgres}: data files and WAL). */
    long storeBytes() {
        return folderBytes(dataDir.resolve("postgres"));
    }

    static long folderBytes(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // removed meanwhile (a WAL segment recycled)
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** Whether every streaming processor runs, does not replay and has reached the head of the event stream. */
    boolean caughtUp() {
        for (var processor : bean(EventProcessingConfiguration.class).eventProcessors().values()) {
            if (processor instanceof StreamingEventProcessor streaming) {
                Map<Integer, EventTrackerStatus> segments = streaming.processingStatus();
                if (!streaming.isRunning() || streaming.isReplaying() || segments.isEmpty()
                        || !segments.values().stream().allMatch(EventTrackerStatus::isCaughtUp)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Waits until every segment of every streaming processor has handled the event at {@code position}. */
    double awaitPosition(long position, Duration timeout) throws InterruptedException {
        return await(() -> reached(position), timeout, "the projections did not reach position " + position);
    }

    private boolean reached(long position) {
        for (var processor : bean(EventProcessingConfiguration.class).eventProcessors().values()) {
            if (processor instanceof StreamingEventProcessor streaming) {
                Map<Integer, EventTrackerStatus> segments = streaming.processingStatus();
                if (segments.isEmpty() || !segments.values().stream()
                        .allMatch(s -> s.getCurrentPosition().orElse(-1) >= position)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Waits until {@link #caughtUp()} (the memory read store rebuilds at every start); answers the seconds waited. */
    double awaitCaughtUp(Duration timeout) throws InterruptedException {
        return await(this::caughtUp, timeout, "the projections did not catch up");
    }

    /** Polls the condition every 50 ms; answers the seconds waited, or fails ({@code failure} within the timeout). */
    private static double await(java.util.function.BooleanSupplier condition, Duration timeout, String failure)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within " + timeout);
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Resets the peak usage of every heap pool (before a phase whose peak heap is reported). */
    static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peak usage since the last reset, in MiB (an upper bound: pools peak at different times). */
    static long peakHeapMiB() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024 * 1024);
    }

    /**
     * Stops the service, and with it its embedded PostgreSQL (fast shutdown), and waits until the server's data
     * folder is released ({@code <data dir>/postgres/server.lock}), so that a service started next on the same
     * directory finds it free.
     */
    @Override
    public void close() {
        context.close();
        Path file = dataDir.resolve("postgres").resolve("server.lock");
        try {
            await(() -> released(file), Duration.ofMinutes(5), file + " was not released after the service stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + file + " to be released", e);
        }
    }

    /** Whether no one holds the file's lock; a file that does not exist is released. */
    private static boolean released(Path file) {
        if (!Files.exists(file)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false; // held by this JVM: the in-process server is still stopping
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
