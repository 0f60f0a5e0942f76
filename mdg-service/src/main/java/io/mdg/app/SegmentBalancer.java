package io.mdg.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spreads the segments of the processors that several service nodes share (tokens in PostgreSQL) over the nodes
 * that run them. Axon's pooled processor claims every unclaimed segment it can, so the node that starts first would
 * do all the work while the others wait for it to fail. Every {@code interval} each node records itself in
 * {@code mdg_node} with the shared processors it runs; a node that holds more segments of a processor than its fair
 * share (the processor's segments divided by the live nodes that run it, rounded up) releases the surplus for a few
 * intervals, and another node's processor claims it at its next claim attempt. A node is live while it records itself
 * (within three intervals); one that dies drops out, and its segments are claimed by the others once its claims time
 * out (Axon's claim timeout).
 *
 * <p>Processors with their tokens in memory (the golden records kept in memory, rebuilt by each node) are each
 * node's own and are left alone.
 */
public final class SegmentBalancer implements SmartLifecycle {

    static final String TABLE = "mdg_node";
    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final Duration interval;
    private final String node = UUID.randomUUID().toString();
    private ScheduledExecutorService scheduler;

    public SegmentBalancer(DataSource dataSource, EventProcessingConfiguration processing, Duration interval) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.processing = processing;
        this.interval = interval;
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (node_id text PRIMARY KEY, processors text[] NOT NULL, "
                + "seen_at timestamptz NOT NULL)");
    }

    /** How many of the segments a node holds it should release: what it holds beyond its fair share. */
    static int surplus(int held, int segments, int liveNodes) {
        int fair = (segments + Math.max(1, liveNodes) - 1) / Math.max(1, liveNodes);
        return Math.max(0, held - fair);
    }

    /** One round: this node is recorded as live, and releases the segments it holds beyond its share. */
    void balance() {
        Map<String, StreamingEventProcessor> shared = shared();
        jdbc.update("INSERT INTO " + TABLE + " (node_id, processors, seen_at) VALUES (?, ?, now()) ON CONFLICT "
                        + "(node_id) DO UPDATE SET processors = excluded.processors, seen_at = excluded.seen_at", node,
                shared.keySet().toArray(String[]::new));
        jdbc.update("DELETE FROM " + TABLE + " WHERE seen_at < now() - ? * interval '1 millisecond'",
                10 * interval.toMillis());
        shared.forEach((name, processor) -> {
            List<Integer> held = new ArrayList<>(processor.processingStatus().keySet());
            if (held.size() <= 1) {
                return;
            }
            Integer live = jdbc.queryForObject("SELECT count(*) FROM " + TABLE + " WHERE ? = ANY (processors) AND "
                    + "seen_at > now() - ? * interval '1 millisecond'", Integer.class, name, 3 * interval.toMillis());
            int segments = processing.tokenStore(name).fetchSegments(name).length;
            int release = surplus(held.size(), segments, live == null ? 1 : live);
            held.sort(null);
            for (int i = 0; i < release; i++) {
                int segment = held.get(held.size() - 1 - i);
                processor.releaseSegment(segment, 3 * interval.toMillis(), TimeUnit.MILLISECONDS);
                log.info("Processor {}: released segment {} for another node ({} segments, {} live nodes)", name,
                        segment, segments, live);
            }
        });
    }

    private Map<String, StreamingEventProcessor> shared() {
        Map<String, StreamingEventProcessor> shared = new java.util.TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                TokenStore tokens = processing.tokenStore(name);
                if (!(tokens instanceof InMemoryTokenStore)) {
                    shared.put(name, streaming);
                }
            }
        });
        return shared;
    }

    @Override
    public synchronized void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "segment-balancer");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                balance();
            } catch (RuntimeException e) {
                log.warn("Could not balance the processors' segments over the nodes: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
            try {
                jdbc.update("DELETE FROM " + TABLE + " WHERE node_id = ?", node);
            } catch (RuntimeException e) {
                log.debug("Could not remove this node from {}: {}", TABLE, e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        // stops before the processors (Axon's lifecycle phases are lower), so a stopping node drops out first
        return Integer.MAX_VALUE - 10;
    }
}
