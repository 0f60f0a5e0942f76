package io.mdg.query.record;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordPageView;
import io.mdg.api.record.RecordView;

/**
 * The golden-record read model: what the {@link RecordProjection} writes and the queries read. Two adapters: memory
 * (the embedded default, {@link MemoryRecordReadModel}) and MongoDB ({@link MongoRecordReadModel}); both pass the
 * same contract tests.
 *
 * <p>Pages are in id order; a filter is every condition of a {@link RecordFilter} ({@link RecordFilters}).
 */
public interface RecordReadModel {

    /** Page size when a list query asks for none. */
    int DEFAULT_PAGE = 50;

    /** One golden record; {@code type} null looks in every type. */
    Optional<RecordView> find(EntityType type, String id);

    /** Whether {@link #find} is a lookup in this process's memory (no round trip to a store). */
    default boolean inMemory() {
        return false;
    }

    /** The records of one type with the given ids that exist, by id. */
    Map<String, RecordView> findAll(EntityType type, Collection<String> ids);

    /**
     * A page of the records that match the filter, in id order after {@code afterId}, at most {@code limit} (fewer
     * than 1 asked: {@link #DEFAULT_PAGE}; the queries keep it within the rules file's page size), and whether more
     * records match after it.
     */
    RecordPageView page(RecordFilter filter, String afterId, int limit);

    /** How many records match the filter. */
    long count(RecordFilter filter);

    /** How many records of a type (every type when null), optionally of a status. */
    long count(EntityType type, LifecycleStatus status);

    /** The locations whose parent is one of the given locations, in id order. */
    List<RecordView> children(Collection<String> parentIds);

    /** Every record of a type, in id order (reports and checks that look at all of them). */
    void forEach(EntityType type, Consumer<RecordView> action);

    /** A page in id order after {@code afterId}, of one status (null: any). */
    default List<RecordView> list(EntityType type, LifecycleStatus status, String afterId, int limit) {
        return page(RecordFilter.any(type).withStatus(status), afterId, limit).records();
    }

    /** The record as the projection left it (inside a batch of the projection, as the batch left it). */
    Optional<GoldenRecord> load(EntityType type, String id);

    /** Stores (replaces) a record. */
    void save(GoldenRecord record);

    /** Forgets every record (a rebuild starts). */
    void dropAll();

    /** The page size a query that asked for {@code limit} gets. */
    static int pageSize(int limit) {
        return limit <= 0 ? DEFAULT_PAGE : limit;
    }
}
