package io.mdg.query.record;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordPageView;
import io.mdg.api.record.RecordView;

/**
 * The golden records in memory, the embedded default's read model: per type a concurrent sorted map from id to the
 * immutable record ({@link RecordView}, handed to readers as it is: a read copies and converts nothing; wrapped in
 * its {@link GoldenRecord} only while it holds change requests) beside a hash map of the same records by id, and a
 * count per type and status. Records are kept
 * compact: equal values are held once across records ({@link CanonicalValues}: countries, cities, postal codes,
 * currencies, an address used twice...), lists without slack, and the lineage holds each origin once
 * ({@link CompactLineage}). Rebuilt from the event store at every start (the
 * golden-records processor starts from the first event with its tokens in memory, see
 * {@link io.mdg.query.readstores.ReadStoreConfiguration}).
 *
 * <p>Lookups by id are a hash map lookup; pages walk the type's sorted map in id order from the cursor, testing each record
 * against the filter ({@link RecordFilters}) until the page is full; counts by type and status are kept as records
 * are stored, counts by other conditions walk the type's map. Writes of one record come from one thread at a time
 * (the projection handles the events of a record in order on one segment); reads never block.
 */
public class MemoryRecordReadModel implements RecordReadModel {

    /** The cache of canonical values holds 2^16 of them (256 KiB). */
    private static final int CACHE_BITS = 16;

    /** Per type, by id: the record's {@link RecordView}, or its {@link GoldenRecord} when it holds change requests. */
    private final Map<EntityType, ConcurrentSkipListMap<String, Object>> records = new EnumMap<>(EntityType.class);
    /**
     * The same records by id in a hash map, for lookups by id: the sorted map's lookup compares the id with a dozen
     * others (a tenth of the service's own time in a {@code supplier(id)} answer, measured); pages and counts walk
     * the sorted one.
     */
    private final Map<EntityType, ConcurrentHashMap<String, Object>> byId = new EnumMap<>(EntityType.class);
    private final Map<EntityType, Map<LifecycleStatus, LongAdder>> counts = new EnumMap<>(EntityType.class);
    private final CanonicalValues values = new CanonicalValues(CACHE_BITS);

    public MemoryRecordReadModel() {
        for (EntityType type : EntityType.values()) {
            records.put(type, new ConcurrentSkipListMap<>());
            byId.put(type, new ConcurrentHashMap<>());
            Map<LifecycleStatus, LongAdder> byStatus = new EnumMap<>(LifecycleStatus.class);
            for (LifecycleStatus status : LifecycleStatus.values()) {
                byStatus.put(status, new LongAdder());
            }
            counts.put(type, byStatus);
        }
    }

    @Override
    public boolean inMemory() {
        return true;
    }

    @Override
    public Optional<RecordView> find(EntityType type, String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (EntityType candidate : type == null ? EntityType.values() : new EntityType[]{type}) {
            Object record = byId.get(candidate).get(id);
            if (record != null) {
                return Optional.of(view(record));
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, RecordView> findAll(EntityType type, Collection<String> ids) {
        Map<String, RecordView> result = new LinkedHashMap<>();
        Map<String, Object> ofType = byId.get(type);
        for (String id : ids) {
            Object record = id == null ? null : ofType.get(id);
            if (record != null) {
                result.put(id, view(record));
            }
        }
        return result;
    }

    @Override
    public RecordPageView page(RecordFilter filter, String afterId, int limit) {
        int size = RecordReadModel.pageSize(limit);
        List<RecordFilters.Condition> conditions = RecordFilters.conditions(filter);
        ConcurrentSkipListMap<String, Object> ofType = records.get(filter.type());
        ConcurrentNavigableMap<String, Object> from = afterId == null ? ofType : ofType.tailMap(afterId, false);
        List<RecordView> page = new ArrayList<>(Math.min(size, 64));
        for (Object record : from.values()) {
            RecordView view = view(record);
            if (RecordFilters.matches(filter, conditions, view)) {
                if (page.size() == size) {
                    return new RecordPageView(page, true);
                }
                page.add(view);
            }
        }
        return new RecordPageView(page, false);
    }

    @Override
    public long count(RecordFilter filter) {
        List<RecordFilters.Condition> conditions = RecordFilters.conditions(filter);
        if (conditions.isEmpty()) {
            return count(filter.type(), filter.status());
        }
        long count = 0;
        for (Object record : records.get(filter.type()).values()) {
            if (RecordFilters.matches(filter, conditions, view(record))) {
                count++;
            }
        }
        return count;
    }

    @Override
    public long count(EntityType type, LifecycleStatus status) {
        long count = 0;
        for (EntityType t : type == null ? EntityType.values() : new EntityType[]{type}) {
            for (Map.Entry<LifecycleStatus, LongAdder> entry : counts.get(t).entrySet()) {
                if (status == null || entry.getKey() == status) {
                    count += entry.getValue().sum();
                }
            }
        }
        return count;
    }

    @Override
    public List<RecordView> children(Collection<String> parentIds) {
        List<RecordView> children = new ArrayList<>();
        if (parentIds.isEmpty()) {
            return children;
        }
        Set<String> parents = parentIds instanceof Set<String> set ? set : new HashSet<>(parentIds);
        for (Object record : records.get(EntityType.LOCATION).values()) {
            RecordView view = view(record);
            if (view.attributes() instanceof LocationAttributes location && location.parent() != null
                    && parents.contains(location.parent().id())) {
                children.add(view);
            }
        }
        return children;
    }

    @Override
    public void forEach(EntityType type, Consumer<RecordView> action) {
        for (Object record : records.get(type).values()) {
            action.accept(view(record));
        }
    }

    @Override
    public Optional<GoldenRecord> load(EntityType type, String id) {
        Object record = byId.get(type).get(id);
        return record == null ? Optional.empty() : Optional.of(record instanceof GoldenRecord golden ? golden
                : new GoldenRecord((RecordView) record, List.of()));
    }

    /** Stores the record compacted: its values canonical ({@link CanonicalValues}), its lineage compact. */
    @Override
    public void save(GoldenRecord record) {
        RecordView view = compact(record.view());
        Object stored = record.pendingRequests().isEmpty() ? view : new GoldenRecord(view, record.pendingRequests());
        Object before = records.get(record.type()).put(record.id(), stored);
        byId.get(record.type()).put(record.id(), stored);
        Map<LifecycleStatus, LongAdder> byStatus = counts.get(record.type());
        if (before != null) {
            byStatus.get(view(before).status()).decrement();
        }
        byStatus.get(view.status()).increment();
    }

    /**
     * The view with its values canonical and its lineage compact; its id stays the same instance (the other read
     * models of the record hold that one).
     */
    private RecordView compact(RecordView view) {
        return new RecordView(view.id(), view.type(), view.version(), view.status(), values.canonical(view.createdAt()),
                values.canonical(view.updatedAt()), values.attributes(view.attributes()), values.list(view.sourceRefs()),
                CompactLineage.of(view.lineage(), values), values.list(view.pendingChanges()),
                values.canonical(view.mergedInto()));
    }

    private static RecordView view(Object record) {
        return record instanceof RecordView view ? view : ((GoldenRecord) record).view();
    }

    @Override
    public void dropAll() {
        for (EntityType type : EntityType.values()) {
            records.get(type).clear();
            byId.get(type).clear();
            counts.get(type).values().forEach(LongAdder::reset);
        }
    }

    /** How many records are held (for health and measurements). */
    public long size() {
        return count(null, null);
    }
}
