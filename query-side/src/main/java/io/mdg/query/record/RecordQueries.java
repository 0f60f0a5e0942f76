package io.mdg.query.record;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.rules.InForce;
import io.mdg.api.record.CountMatchingRecordsQuery;
import io.mdg.api.record.CountRecordsQuery;
import io.mdg.api.record.FindChildLocationsQuery;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.FindRecordsQuery;
import io.mdg.api.record.ListRecordPageQuery;
import io.mdg.api.record.ListRecordsQuery;
import io.mdg.api.record.RecordPageView;
import io.mdg.api.record.RecordView;
import io.mdg.rules.access.RequestLimits;

/**
 * Answers golden-record queries from the read model of {@link RecordProjection}: one record, pages and counts by
 * filter, many records by id and the children of locations (each one store round trip, for the edge's batches).
 * As-of reads are answered by {@link RecordHistory}.
 */
@Component
@Profile("query")
public class RecordQueries {

    private final RecordReadModel store;
    private final InForce<RequestLimits> limits;

    public RecordQueries(RecordReadModel store, InForce<RequestLimits> limits) {
        this.store = store;
        this.limits = limits;
    }

    @QueryHandler
    public Optional<RecordView> handle(FindRecordQuery query) {
        return store.find(query.type(), query.recordId());
    }

    /** A page in id order after {@code afterId}; at most the rules file's page size ({@code limits.pageSize}). */
    @QueryHandler
    public List<RecordView> handle(ListRecordsQuery query) {
        if (query.type() == null) {
            throw new IllegalArgumentException("a list query needs a record type");
        }
        return store.list(query.type(), query.status(), query.afterId(), pageSize(query.limit()));
    }

    @QueryHandler
    public Long handle(CountRecordsQuery query) {
        return store.count(query.type(), query.status());
    }

    /** A page of the records that match a filter, in id order; see {@link RecordReadModel#page}. */
    @QueryHandler
    public RecordPageView handle(ListRecordPageQuery query) {
        if (query.filter() == null) {
            throw new IllegalArgumentException("a page query needs a filter (of the record type)");
        }
        return store.page(query.filter(), query.afterId(), pageSize(query.limit()));
    }

    @QueryHandler
    public Long handle(CountMatchingRecordsQuery query) {
        if (query.filter() == null) {
            throw new IllegalArgumentException("a count query needs a filter (of the record type)");
        }
        return store.count(query.filter());
    }

    /** The records with the given ids in one round trip, at most {@link FindRecordsQuery#MAX_IDS} ids. */
    @QueryHandler
    public List<RecordView> handle(FindRecordsQuery query) {
        if (query.type() == null) {
            throw new IllegalArgumentException("a multi-id query needs a record type");
        }
        Set<String> ids = distinct(query.ids());
        if (ids.size() > FindRecordsQuery.MAX_IDS) {
            throw new IllegalArgumentException("at most " + FindRecordsQuery.MAX_IDS + " ids at once");
        }
        return List.copyOf(store.findAll(query.type(), ids).values());
    }

    @QueryHandler
    public List<RecordView> handle(FindChildLocationsQuery query) {
        Set<String> parents = distinct(query.parentIds());
        if (parents.size() > FindRecordsQuery.MAX_IDS) {
            throw new IllegalArgumentException("at most " + FindRecordsQuery.MAX_IDS + " parents at once");
        }
        return store.children(parents);
    }

    private static Set<String> distinct(List<String> ids) {
        Set<String> distinct = new LinkedHashSet<>();
        if (ids != null) {
            ids.stream().filter(Objects::nonNull).forEach(distinct::add);
        }
        return distinct;
    }

    /** The page size a query that asked for {@code limit} gets: the default when none, the page limit at most. */
    private int pageSize(int limit) {
        return limit <= 0 ? RecordReadModel.DEFAULT_PAGE : Math.min(limit, limits.now().pageSize());
    }
}
