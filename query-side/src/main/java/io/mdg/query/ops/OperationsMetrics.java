package io.mdg.query.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;


import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mdg.api.EntityType;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.ops.ReplayStatusView;
import io.mdg.api.quality.DataQualityQuery;
import io.mdg.api.quality.DataQualityReport;
import io.mdg.api.quality.IdentifierValidity;
import io.mdg.api.quality.PendingApprovals.AgeBucket;
import io.mdg.query.changerequest.ChangeRequestReadModel;
import io.mdg.query.quality.DataQualityQueries;

/**
 * The business metrics the integration teams watch, read from the read models when Prometheus scrapes (nothing is
 * counted on the hot path, and every query-side process reports the same figures):
 * <ul>
 *   <li>{@code mdg_approvals_pending{domain,age}}: pending change requests per domain and age bucket, and
 *   {@code mdg_approvals_expired_total}: change requests that expired (a counter: an expired request stays expired),
 *   from one scan of the pending change requests at most every {@value #APPROVALS_TTL_SECONDS} s;</li>
 *   <li>{@code mdg_dead_letters{group}}: events parked per projection;</li>
 *   <li>{@code mdg_replay_*{group}}: rebuild progress (active, events done and remaining, rate);</li>
 *   <li>{@code mdg_duplicate_candidates} and {@code mdg_quality_*}: from the data-quality report, through its cache
 *   ({@code mdg.quality.cache-ttl}), so a scrape costs at most one report per period.</li>
 * </ul>
 * Submissions by source and outcome are counted where they are decided (the command side), the propagation latency
 * by {@link PropagationLatency}.
 */
@Component
@Profile("query")
public class OperationsMetrics implements MeterBinder {

    static final long APPROVALS_TTL_SECONDS = 15;
    static final List<String> IDENTIFIER_KINDS = List.of("GTIN", "UDI_DI", "HIBC", "UNSPSC", "TAX_ID", "DUNS", "GLN",
            "HIN");

    private final ChangeRequestReadModel changeRequests;
    private final DeadLetters deadLetters;
    private final ProjectionReplays replays;
    private final DataQualityQueries quality;
    private final Clock clock;
    private Approvals approvals;

    /** Pending requests per domain and age, and the expired count, as of {@code at}. */
    record Approvals(Instant at, Map<EntityType, Map<AgeBucket, Long>> pending, long expired) {
    }

    @Autowired
    public OperationsMetrics(ChangeRequestReadModel changeRequests, DeadLetters deadLetters,
                             ProjectionReplays replays, DataQualityQueries quality) {
        this(changeRequests, deadLetters, replays, quality, Clock.systemUTC());
    }

    OperationsMetrics(ChangeRequestReadModel changeRequests, DeadLetters deadLetters, ProjectionReplays replays,
                      DataQualityQueries quality, Clock clock) {
        this.changeRequests = changeRequests;
        this.deadLetters = deadLetters;
        this.replays = replays;
        this.quality = quality;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (EntityType domain : EntityType.values()) {
            for (AgeBucket age : AgeBucket.values()) {
                Gauge.builder("mdg.approvals.pending", this, m -> m.approvals().pending().get(domain).get(age))
                        .description("Change requests awaiting a decision, per domain and age")
                        .tags("domain", domain.name(), "age", age.name())
                        .register(registry);
            }
        }
        FunctionCounter.builder("mdg.approvals.expired", this, m -> m.approvals().expired())
                .description("Change requests that expired at their deadline")
                .register(registry);
        for (String group : ProjectionGroups.ALL) {
            Gauge.builder("mdg.dead.letters", deadLetters, d -> d.size(group))
                    .description("Events parked in a projection's dead-letter queue")
                    .tag("group", group)
                    .register(registry);
            replayGauge(registry, group, "mdg.replay.active", "Whether the projection is being rebuilt (1) or not (0)",
                    r -> r.replaying() ? 1 : 0);
            replayGauge(registry, group, "mdg.replay.events.done", "Events replayed so far in the current rebuild",
                    ReplayStatusView::eventsDone);
            replayGauge(registry, group, "mdg.replay.events.remaining", "Events still to replay in the current rebuild",
                    ReplayStatusView::remaining);
            replayGauge(registry, group, "mdg.replay.rate", "Average events per second of the current rebuild",
                    ReplayStatusView::eventsPerSecond);
        }
        Gauge.builder("mdg.duplicate.candidates", this, m -> m.report().supplierDuplication().candidatePairs())
                .description("Supplier pairs that look like duplicates (score at or above the threshold)")
                .register(registry);
        Gauge.builder("mdg.quality.item.completeness", this, m -> m.report().itemCompleteness().ratio())
                .description("Share of items with every attribute their class requires")
                .register(registry);
        Gauge.builder("mdg.quality.supplier.duplication", this, m -> m.report().supplierDuplication().rate())
                .description("Share of suppliers in a duplicate-candidate pair")
                .register(registry);
        Gauge.builder("mdg.quality.location.mapping", this, m -> m.report().locationMapping().ratio())
                .description("Share of source location records that map to a usable golden location")
                .register(registry);
        for (String kind : IDENTIFIER_KINDS) {
            Gauge.builder("mdg.quality.identifier.validity", this, m -> m.report().identifierValidity().stream()
                            .filter(v -> v.kind().equals(kind)).mapToDouble(IdentifierValidity::ratio).findFirst()
                            .orElse(1.0))
                    .description("Share of golden identifiers of a kind that pass their checks")
                    .tag("kind", kind)
                    .register(registry);
        }
    }

    private void replayGauge(MeterRegistry registry, String group, String name, String description,
                             ToDoubleFunction<ReplayStatusView> value) {
        Gauge.builder(name, replays, r -> r.status().projections().stream()
                        .filter(v -> v.processingGroup().equals(group)).mapToDouble(value).findFirst().orElse(0))
                .description(description)
                .tag("group", group)
                .register(registry);
    }

    private DataQualityReport report() {
        return quality.handle(new DataQualityQuery());
    }

    synchronized Approvals approvals() {
        Instant now = clock.instant();
        if (approvals != null && Duration.between(approvals.at(), now).getSeconds() < APPROVALS_TTL_SECONDS) {
            return approvals;
        }
        Map<EntityType, Map<AgeBucket, Long>> pending = new EnumMap<>(EntityType.class);
        for (EntityType domain : EntityType.values()) {
            Map<AgeBucket, Long> ages = new EnumMap<>(AgeBucket.class);
            for (AgeBucket age : AgeBucket.values()) {
                ages.put(age, 0L);
            }
            pending.put(domain, ages);
        }
        changeRequests.forEach(ChangeRequestStatus.PENDING, request -> {
            Instant opened = request.openedAt();
            if (request.type() != null) {
                pending.get(request.type()).merge(AgeBucket.of(Duration.between(opened == null ? now : opened, now)),
                        1L, Long::sum);
            }
        });
        long expired = changeRequests.count(ChangeRequestStatus.EXPIRED);
        approvals = new Approvals(now, pending, expired);
        return approvals;
    }
}
