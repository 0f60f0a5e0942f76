package io.mdg.query.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
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
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;

import de.bwaldvogel.mongo.MongoServer;
import io.mdg.query.store.CompactMemoryBackend;
import io.mdg.api.EntityType;
import io.mdg.api.ops.ConsistencyDifference;
import io.mdg.api.ops.ConsistencyReport;
import io.mdg.query.GoldenRecordsProcessing;
import io.mdg.query.record.RecordProjection;
import io.mdg.query.record.RecordStore;

/**
 * Checks that the live golden records are what the events say: reads the event store from the start up to its head
 * (taken when the check starts) into a scratch read model (a separate in-memory mongo-java-server, with the same
 * {@link RecordProjection} code and no listeners), then compares every record, field by field ({@code attributes}
 * and {@code lineage} attribute by attribute), with the live read store. Read-only for everything live.
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
    private static final Set<String> NESTED = Set.of("attributes", "lineage");

    private final EventStore eventStore;
    private final MongoDatabase live;
    private final EventProcessingConfiguration processing;
    private final Duration catchUpWait;
    private volatile ConsistencyReport last;

    public ConsistencyChecker(EventStore eventStore, MongoDatabase readStoreDatabase,
                              EventProcessingConfiguration processing,
                              @Value("${mdg.consistency.catch-up-wait:60s}") Duration catchUpWait) {
        this.eventStore = eventStore;
        this.live = readStoreDatabase;
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
        MongoServer server = new MongoServer(new CompactMemoryBackend());
        try {
            server.bind("127.0.0.1", 0);
            var address = server.getLocalAddress();
            try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":"
                    + address.getPort())) {
                MongoDatabase scratch = client.getDatabase("consistency-check");
                Rebuild rebuild = rebuild(scratch, head);
                Comparison comparison = new Comparison(maxDifferences, rebuild.lastEventAt());
                for (EntityType type : EntityType.values()) {
                    String collection = RecordStore.COLLECTIONS.get(type);
                    comparison.compare(type, live.getCollection(collection).find().sort(Sorts.ascending("_id"))
                            .iterator(), scratch.getCollection(collection).find().sort(Sorts.ascending("_id"))
                            .iterator());
                }
                ConsistencyReport report = new ConsistencyReport(started, Instant.now(), rebuild.events(),
                        comparison.compared, comparison.skipped, comparison.count, comparison.differences);
                log.info("Consistency check: {} events replayed, {} records compared, {} skipped (newer), "
                                + "{} difference(s)", report.eventsReplayed(), report.recordsCompared(),
                        report.recordsSkipped(), report.differenceCount());
                last = report;
                return report;
            }
        } finally {
            server.shutdownNow();
        }
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

    private Rebuild rebuild(MongoDatabase scratch, long head) throws Exception {
        RecordProjection projection = new RecordProjection(new RecordStore(scratch), List.of(), List.of());
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

    /** A merge join of the live and the rebuilt documents of one type, both in {@code _id} order. */
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

        void compare(EntityType type, MongoCursor<Document> liveDocs, MongoCursor<Document> rebuiltDocs) {
            try (liveDocs; rebuiltDocs) {
                Document l = next(liveDocs);
                Document r = next(rebuiltDocs);
                while (l != null || r != null) {
                    int order = l == null ? 1 : r == null ? -1 : id(l).compareTo(id(r));
                    if (order < 0) {
                        Date created = l.getDate("createdAt");
                        if (created != null && created.toInstant().isAfter(lastEventAt)) {
                            skipped++;
                        } else {
                            compared++;
                            add(type, id(l), "*", ConsistencyDifference.Kind.NOT_IN_EVENTS);
                        }
                        l = next(liveDocs);
                    } else if (order > 0) {
                        compared++;
                        add(type, id(r), "*", ConsistencyDifference.Kind.MISSING_IN_LIVE);
                        r = next(rebuiltDocs);
                    } else {
                        if (version(l) > version(r)) {
                            skipped++;
                        } else {
                            compared++;
                            fields(type, id(l), "", l, r);
                        }
                        l = next(liveDocs);
                        r = next(rebuiltDocs);
                    }
                }
            }
        }

        private void fields(EntityType type, String id, String prefix, Document live, Document rebuilt) {
            Set<String> names = new LinkedHashSet<>(rebuilt.keySet());
            names.addAll(live.keySet());
            for (String name : names) {
                Object a = live.get(name);
                Object b = rebuilt.get(name);
                if (prefix.isEmpty() && NESTED.contains(name) && a instanceof Document da && b instanceof Document db) {
                    fields(type, id, name + ".", da, db);
                } else if (!live.containsKey(name)) {
                    add(type, id, prefix + name, ConsistencyDifference.Kind.MISSING_IN_LIVE);
                } else if (!rebuilt.containsKey(name)) {
                    add(type, id, prefix + name, ConsistencyDifference.Kind.NOT_IN_EVENTS);
                } else if (!Objects.equals(a, b)) {
                    add(type, id, prefix + name, ConsistencyDifference.Kind.DIFFERENT);
                }
            }
        }

        private void add(EntityType type, String id, String field, ConsistencyDifference.Kind kind) {
            count++;
            if (differences.size() < max) {
                differences.add(new ConsistencyDifference(type, id, field, kind));
            }
        }

        private static Document next(Iterator<Document> docs) {
            return docs.hasNext() ? docs.next() : null;
        }

        private static String id(Document doc) {
            return String.valueOf(doc.get("_id"));
        }

        private static long version(Document doc) {
            return doc.get("version") instanceof Number n ? n.longValue() : -1L;
        }
    }
}
