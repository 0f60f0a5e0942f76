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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
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

    /** Events in the event store (the highest global index: Axon's rows are never deleted). */
    long storedEvents() throws SQLException {
        EventSchema schema = EventSchema.builder().build(); // the service's: Axon's default names
        try (Connection connection = bean(DataSource.class).getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(" + schema.globalIndexColumn() + "), 0) FROM "
                     + schema.domainEventTable())) {
            rows.next();
            return rows.getLong(1);
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
     * Stops the service and waits until its H2 file is released: the connection pool stops waiting for H2's close
     * after 10 s, while H2 may still be writing a large store out (about a minute for the 10 GB file of a million
     * events), and a service started on the same directory meanwhile finds the file locked.
     */
    @Override
    public void close() {
        context.close();
        Path file = dataDir.resolve("commandstore.mv.db");
        try {
            await(() -> released(file), Duration.ofMinutes(15), file + " was not released after the service stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + file + " to be released", e);
        }
    }

    /** Whether no one holds the file's lock (H2 locks it while open); a file that does not exist is released. */
    private static boolean released(Path file) {
        if (!Files.exists(file)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(file,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false; // held by this JVM: the in-process H2 is still closing
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
