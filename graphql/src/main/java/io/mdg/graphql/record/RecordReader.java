package io.mdg.graphql.record;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.record.CountMatchingRecordsQuery;
import io.mdg.api.record.CountRecordsQuery;
import io.mdg.api.record.DuplicateCandidate;
import io.mdg.api.record.DuplicateCandidatesQuery;
import io.mdg.api.record.FindChildLocationsQuery;
import io.mdg.api.record.FindRecordAsOfQuery;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.FindRecordsQuery;
import io.mdg.api.record.ListRecordPageQuery;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordPageView;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.settings.EdgeSettings;

/** Reads golden records through the query gateway, every query with the edge's timeout. */
@Component
@Profile("edge")
public class RecordReader {

    private final QueryGateway queryGateway;
    private final Duration timeout;
    private final Duration readAfterWriteWait;

    public RecordReader(QueryGateway queryGateway, EdgeSettings settings) {
        this.queryGateway = queryGateway;
        this.timeout = settings.timeout();
        this.readAfterWriteWait = settings.readAfterWriteWait();
    }

    public CompletableFuture<Optional<RecordView>> find(EntityType type, String id) {
        return timed(queryGateway.query(new FindRecordQuery(type, id), ResponseTypes.optionalInstanceOf(RecordView.class)));
    }

    /**
     * The record once this node's read view holds the version the token names, or a later one: read again until it
     * does, at most {@code mdg.edge.read-after-write-wait}; TIMEOUT (retry) when it does not by then.
     */
    public CompletableFuture<Optional<RecordView>> find(EntityType type, String id, ConsistencyToken written) {
        return ReadAfterWrite.await(() -> find(type, id), found -> holds(found, written), readAfterWriteWait)
                .thenApply(found -> {
                    if (!holds(found, written)) {
                        throw new ApiException(ErrorCode.TIMEOUT, "this node's read view did not show version "
                                + written.version() + " of " + type.name().toLowerCase() + " " + id + " within "
                                + readAfterWriteWait.toMillis() + " ms; retry");
                    }
                    return found;
                });
    }

    private static boolean holds(Optional<RecordView> found, ConsistencyToken written) {
        return found.filter(record -> record.version() >= written.version()).isPresent();
    }

    /** The record as it was at {@code asOf}; empty when it did not exist yet. */
    public CompletableFuture<Optional<RecordView>> findAsOf(EntityType type, String id, Instant asOf) {
        return timed(queryGateway.query(new FindRecordAsOfQuery(type, id, asOf),
                ResponseTypes.optionalInstanceOf(RecordView.class)));
    }

    /**
     * The records of one type with the given ids that exist, by id: one query (one store round trip) per
     * {@link FindRecordsQuery#MAX_IDS} distinct ids, so a batch of a GraphQL level is one query.
     */
    public CompletableFuture<Map<String, RecordView>> findAll(EntityType type, Collection<String> ids) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        distinct.remove(null);
        List<CompletableFuture<List<RecordView>>> parts = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += FindRecordsQuery.MAX_IDS) {
            List<String> part = List.copyOf(distinct.subList(from,
                    Math.min(distinct.size(), from + FindRecordsQuery.MAX_IDS)));
            parts.add(timed(queryGateway.query(new FindRecordsQuery(type, part),
                    ResponseTypes.multipleInstancesOf(RecordView.class))));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, RecordView> found = new LinkedHashMap<>();
            parts.forEach(part -> part.join().forEach(view -> found.put(view.id(), view)));
            return found;
        });
    }

    /** The locations directly below the given ones, in id order, one query per {@link FindRecordsQuery#MAX_IDS}. */
    public CompletableFuture<List<RecordView>> children(Collection<String> parentIds) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(parentIds));
        distinct.remove(null);
        List<CompletableFuture<List<RecordView>>> parts = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += FindRecordsQuery.MAX_IDS) {
            List<String> part = List.copyOf(distinct.subList(from,
                    Math.min(distinct.size(), from + FindRecordsQuery.MAX_IDS)));
            parts.add(timed(queryGateway.query(new FindChildLocationsQuery(part),
                    ResponseTypes.multipleInstancesOf(RecordView.class))));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done -> parts.stream().flatMap(part -> part.join().stream()).toList());
    }

    /** A page of the records that match the filter, in id order after {@code after}. */
    public CompletableFuture<RecordPageView> page(RecordFilter filter, String after, int limit) {
        return timed(queryGateway.query(new ListRecordPageQuery(filter, after, limit),
                ResponseTypes.instanceOf(RecordPageView.class)));
    }

    /** How many records match the filter. */
    public CompletableFuture<Long> count(RecordFilter filter) {
        return timed(queryGateway.query(new CountMatchingRecordsQuery(filter), ResponseTypes.instanceOf(Long.class)));
    }

    public CompletableFuture<Long> count(EntityType type, LifecycleStatus status) {
        return timed(queryGateway.query(new CountRecordsQuery(type, status), ResponseTypes.instanceOf(Long.class)));
    }

    public CompletableFuture<List<RecordRef>> bySource(SourceSystem system, String sourceId, EntityType type) {
        return timed(queryGateway.query(new FindRecordBySourceQuery(system, sourceId, type),
                ResponseTypes.multipleInstancesOf(RecordRef.class)));
    }

    public CompletableFuture<List<DuplicateCandidate>> duplicates(EntityType type, String recordId, Double minScore,
                                                                  int limit) {
        return timed(queryGateway.query(new DuplicateCandidatesQuery(type, recordId, minScore, limit),
                ResponseTypes.multipleInstancesOf(DuplicateCandidate.class)));
    }

    /**
     * Reads the record until {@code done} holds or {@code maxWait} has passed, then answers the last read (the read
     * model catches up with a command a moment after it was handled).
     */
    public CompletableFuture<Optional<RecordView>> await(EntityType type, String id,
                                                         Predicate<Optional<RecordView>> done, Duration maxWait) {
        return ReadAfterWrite.await(() -> find(type, id), done, maxWait);
    }

    private <T> CompletableFuture<T> timed(CompletableFuture<T> future) {
        return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
