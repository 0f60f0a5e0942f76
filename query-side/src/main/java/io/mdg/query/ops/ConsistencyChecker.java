package io.mdg.query.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.model.Attributes;
import io.mdg.api.ops.ConsistencyDifference;
import io.mdg.api.ops.ConsistencyReport;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.RecordView;
import io.mdg.query.GoldenRecordsProcessing;
import io.mdg.query.record.GoldenRecord;
import io.mdg.query.record.MemoryRecordReadModel;
import io.mdg.query.record.RecordProjection;
import io.mdg.query.record.RecordReadModel;

/**
 * Checks that the live golden records are what the events say: reads the event store from the start up to its head
 * (taken when the check starts) into a scratch read model (a separate {@link MemoryRecordReadModel}, with the same
 * {@link RecordProjection} code and no listeners), then compares every record, field by field ({@code attributes}
 * and {@code lineage} attribute by attribute), with the live read model. Read-only for everything live.
 *
 * <p>The live side may be behind or ahead of that head: the check first waits (at most
 * {@code mdg.consistency.catch-up-wait}) for the golden-records processor to reach it; a live record already changed
 * by a later event (a higher version), or created after the last event read, is skipped, not reported. A record whose
 * events are parked in a dead-letter queue is behind, and is reported.
 */
@Component
@Profile("query")
public class ConsistencyChecker {

    private static final Logger log = LoggerFactory.getLogger(ConsistencyChecker.class);

    private final EventStore eventStore;
    private final RecordReadModel live;
    private final EventProcessingConfiguration processing;
    private final Duration catchUpWait;
    private volatile ConsistencyReport last;

    public ConsistencyChecker(EventStore eventStore, RecordReadModel live, EventProcessingConfiguration processing,
                              @Value("${mdg.consistency.catch-up-wait:60s}") Duration catchUpWait) {
        this.eventStore = eventStore;
        this.live = live;
        this.processing = processing;
        this.catchUpWait = catchUpWait;
    }

    /** The last check's report in this process, if any. */
    public ConsistencyReport last() {
        return last;
    }

    /** Runs a check (one at a time), listing at most {@code maxDifferences} differences (all are counted). */
    public synchronized ConsistencyReport check(int maxDifferences) throws Exception {
        Instant started = Instant.now();
        TrackingToken headToken = eventStore.createHeadToken();
        long head = headToken == null ? -1 : headToken.position().orElse(-1L);
        awaitLive(head);
        MemoryRecordReadModel scratch = new MemoryRecordReadModel();
        Rebuild rebuild = rebuild(scratch, head);
        Comparison comparison = new Comparison(maxDifferences, rebuild.lastEventAt());
        for (EntityType type : EntityType.values()) {
            Set<String> seen = new HashSet<>();
            live.forEach(type, record -> {
                seen.add(record.id());
                comparison.compare(type, record, scratch.load(type, record.id()).map(GoldenRecord::view)
                        .orElse(null));
            });
            scratch.forEach(type, record -> {
                if (!seen.contains(record.id())) {
                    comparison.compare(type, null, record);
                }
            });
        }
        ConsistencyReport report = new ConsistencyReport(started, Instant.now(), rebuild.events(),
                comparison.compared, comparison.skipped, comparison.count, comparison.differences);
        log.info("Consistency check: {} events replayed, {} records compared, {} skipped (newer), "
                        + "{} difference(s)", report.eventsReplayed(), report.recordsCompared(),
                report.recordsSkipped(), report.differenceCount());
        last = report;
        return report;
    }
    /** Waits until every segment of the golden-records processor has reached the head (or the wait is over). */
    private void awaitLive(long head) throws InterruptedException {
        StreamingEventProcessor processor = processing.eventProcessor(GoldenRecordsProcessing.GROUP,
                StreamingEventProcessor.class).orElse(null);
        if (processor == null || head < 0) {
            return;
        }
        long deadline = System.nanoTime() + catchUpWait.toNanos();
        while (System.nanoTime() < deadline) {
            Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
            if (!segments.isEmpty() && segments.values().stream()
                    .allMatch(s -> s.getCurrentPosition().orElse(-1L) >= head)) {
                return;
            }
            Thread.sleep(50);
        }
        log.warn("Consistency check: the golden records are not caught up with position {} after {}; comparing anyway",
                head, catchUpWait);
    }

    record Rebuild(long events, Instant lastEventAt) {
    }

    private Rebuild rebuild(RecordReadModel scratch, long head) throws Exception {
        RecordProjection projection = new RecordProjection(scratch, List.of(), List.of());
        AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(projection);
        long events = 0;
        Instant lastAt = Instant.EPOCH;
        if (head < 0) {
            return new Rebuild(0, lastAt);
        }
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable(10, TimeUnit.SECONDS)) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                long position = event.trackingToken().position().orElse(Long.MAX_VALUE);
                if (position > head) {
                    break;
                }
                if (handler.canHandle(event)) {
                    handler.handle(event);
                }
                events++;
                lastAt = event.getTimestamp();
                if (position >= head) {
                    break;
                }
            }
        }
        return new Rebuild(events, lastAt);
    }

    /** The live and the rebuilt version of each record, compared field by field. */
    private static final class Comparison {

        private final int max;
        private final Instant lastEventAt;
        private final List<ConsistencyDifference> differences = new ArrayList<>();
        private long count;
        private long compared;
        private long skipped;

        Comparison(int max, Instant lastEventAt) {
            this.max = max;
            this.lastEventAt = lastEventAt;
        }

        /** One record: either side may be missing. */
        void compare(EntityType type, RecordView live, RecordView rebuilt) {
            if (rebuilt == null) {
                if (live.createdAt() != null && live.createdAt().isAfter(lastEventAt)) {
                    skipped++;
                } else {
                    compared++;
                    add(type, live.id(), "*", ConsistencyDifference.Kind.NOT_IN_EVENTS);
                }
            } else if (live == null) {
                compared++;
                add(type, rebuilt.id(), "*", ConsistencyDifference.Kind.MISSING_IN_LIVE);
            } else if (live.version() > rebuilt.version()) {
                skipped++;
            } else {
                compared++;
                fields(type, live, rebuilt);
            }
        }

        private void fields(EntityType type, RecordView live, RecordView rebuilt) {
            String id = live.id();
            field(type, id, "type", live.type(), rebuilt.type());
            field(type, id, "version", live.version(), rebuilt.version());
            field(type, id, "status", live.status(), rebuilt.status());
            field(type, id, "createdAt", live.createdAt(), rebuilt.createdAt());
            field(type, id, "updatedAt", live.updatedAt(), rebuilt.updatedAt());
            Map<String, Object> liveValues = Attributes.values(live.attributes());
            Map<String, Object> rebuiltValues = Attributes.values(rebuilt.attributes());
            Map<String, AttributeLineage> liveLineage = lineage(live);
            Map<String, AttributeLineage> rebuiltLineage = lineage(rebuilt);
            for (String name : Attributes.names(type)) {
                field(type, id, "attributes." + name, liveValues.get(name), rebuiltValues.get(name));
            }
            field(type, id, "sourceRefs", live.sourceRefs(), rebuilt.sourceRefs());
            for (String name : Attributes.names(type)) {
                field(type, id, "lineage." + name, liveLineage.get(name), rebuiltLineage.get(name));
            }
            field(type, id, "pendingChanges", live.pendingChanges(), rebuilt.pendingChanges());
            field(type, id, "mergedInto", live.mergedInto(), rebuilt.mergedInto());
        }

        private static Map<String, AttributeLineage> lineage(RecordView record) {
            Map<String, AttributeLineage> byName = new java.util.HashMap<>();
            record.lineage().forEach(l -> byName.put(l.attribute(), l));
            return byName;
        }

        private void field(EntityType type, String id, String field, Object live, Object rebuilt) {
            if (live == null && rebuilt != null) {
                add(type, id, field, ConsistencyDifference.Kind.MISSING_IN_LIVE);
            } else if (live != null && rebuilt == null) {
                add(type, id, field, ConsistencyDifference.Kind.NOT_IN_EVENTS);
            } else if (!Objects.equals(live, rebuilt)) {
                add(type, id, field, ConsistencyDifference.Kind.DIFFERENT);
            }
        }

        private void add(EntityType type, String id, String field, ConsistencyDifference.Kind kind) {
            count++;
            if (differences.size() < max) {
                differences.add(new ConsistencyDifference(type, id, field, kind));
            }
        }
    }
}
