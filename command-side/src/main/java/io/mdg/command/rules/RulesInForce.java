package io.mdg.command.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mdg.rules.file.RulesContent;
import io.mdg.rules.file.RulesHistory;
import io.mdg.rules.file.RulesVersion;
import io.mdg.command.record.PolicyInForce;
import io.mdg.rules.policy.GovernancePolicy;

/**
 * The rules in force, as this node knows them: the versions of {@link RulesVersionsTable}, read again every poll
 * interval, and for every decision the version whose {@code effectiveFrom} is not after the decision's time. All nodes
 * on one database therefore switch at the same time, the effective time of the approval, as long as each has read the
 * table since the approval: an approval takes effect a propagation delay after it is made, and a node whose last read
 * began more than half that delay before a decision reads again before deciding, so it never decides by rules that
 * another node has already replaced (clocks of the nodes assumed in step well within half the delay, the commit of an
 * approval within the other half).
 *
 * <p>One command's unit of work decides by one version: the first time it asks ({@link #deciding()}) pins the
 * version for the rest of it, and the events it publishes are stamped with that version and hash. Before any
 * version is in the table (the first start, until the adoption of the rules file commits), the node decides by the
 * rules it started with.
 */
public class RulesInForce implements PolicyInForce, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RulesInForce.class);
    private static final String RESOURCE = RulesInForce.class.getName();

    private final RulesVersionsTable table;
    private final RulesVersion startup;
    private final Duration propagationDelay;
    private final Clock clock;
    private final RulesHistory history = new RulesHistory();
    private volatile Instant lastReadStarted = Instant.MIN;
    private Instant lastSeen;
    private ScheduledExecutorService poller;

    /**
     * @param startup          the rules the node started with (its rules file), used until the table has a version
     * @param propagationDelay how long after its approval a version takes effect
     */
    public RulesInForce(RulesVersionsTable table, RulesContent startup, Duration propagationDelay, Clock clock) {
        this.table = Objects.requireNonNull(table, "table");
        this.startup = new RulesVersion(startup, Instant.EPOCH);
        this.propagationDelay = propagationDelay;
        this.clock = clock;
    }

    /** Reads the versions added to the table since the last read. */
    public synchronized void refresh() {
        Instant started = clock.instant();
        List<RulesVersionsTable.Row> rows = table.since(lastSeen);
        for (RulesVersionsTable.Row row : rows) {
            RulesContent content = RulesContent.of(row.text(), "rules version " + row.version() + " (" + row.hash()
                    + ")");
            history.add(new RulesVersion(content, row.effectiveFrom()));
            lastSeen = row.effectiveFrom();
            log.info("Governance rules version {} (hash {}) in force from {}", row.version(), row.hash(),
                    row.effectiveFrom());
        }
        lastReadStarted = started;
    }

    /** Reads the table every {@code interval} until {@link #close()}. */
    public synchronized void startPolling(Duration interval) {
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "mdg-rules-poller");
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(() -> {
                try {
                    refresh();
                } catch (RuntimeException e) {
                    log.warn("Cannot read the rules versions (decisions read them before deciding meanwhile): {}",
                            e.toString());
                }
            }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The version in force at {@code at}, read from the table first if this node's last read may have missed it. */
    public RulesVersion at(Instant at) {
        Instant readStarted = lastReadStarted;
        if (readStarted == Instant.MIN || !at.isBefore(readStarted.plus(propagationDelay.dividedBy(2)))) {
            refresh();
        }
        return history.at(at).orElse(startup);
    }

    /** The version in force now. */
    public RulesVersion current() {
        return at(clock.instant());
    }

    /**
     * The version the current command decides by: in a unit of work, the one in force when it first asked (the same
     * for the rest of it); outside one, the version in force now.
     */
    public RulesVersion deciding() {
        if (CurrentUnitOfWork.isStarted()) {
            return CurrentUnitOfWork.get().root().getOrComputeResource(RESOURCE, key -> current());
        }
        return current();
    }

    @Override
    public GovernancePolicy policy() {
        return deciding().rules().policy();
    }

    /** Every version this node knows, oldest first (none before the first adoption). */
    public List<RulesVersion> versions() {
        return history.all();
    }

    /** Whether the table holds no version yet (the first start, before the adoption). */
    public boolean noneAdopted() {
        return history.isEmpty();
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
