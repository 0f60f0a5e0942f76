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
 * immutable record ({@link GoldenRecord}, whose {@link RecordView} is handed to readers as it is: a read copies and
 * converts nothing), and a count per type and status. Rebuilt from the event store at every start (the
 * golden-records processor starts from the first event with its tokens in memory, see
 * {@link io.mdg.query.store.ReadStoreConfiguration}).
 *
 * <p>Lookups by id are a map lookup; pages walk the type's map in id order from the cursor, testing each record
 * against the filter ({@link RecordFilters}) until the page is full; counts by type and status are kept as records
 * are stored, counts by other conditions walk the type's map. Writes of one record come from one thread at a time
 * (the projection handles the events of a record in order on one segment); reads never block.
 */
public class MemoryRecordReadModel implements RecordReadModel {

    private final Map<EntityType, ConcurrentSkipListMap<String, GoldenRecord>> records = new EnumMap<>(EntityType.class);
    private final Map<EntityType, Map<LifecycleStatus, LongAdder>> counts = new EnumMap<>(EntityType.class);

    public MemoryRecordReadModel() {
        for (EntityType type : EntityType.values()) {
            records.put(type, new ConcurrentSkipListMap<>());
            Map<LifecycleStatus, LongAdder> byStatus = new EnumMap<>(LifecycleStatus.class);
            for (LifecycleStatus status : LifecycleStatus.values()) {
                byStatus.put(status, new LongAdder());
            }
            counts.put(type, byStatus);
        }
    }

    @Override
    public Optional<RecordView> find(EntityType type, String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (EntityType candidate : type == null ? EntityType.values() : new EntityType[]{type}) {
            GoldenRecord record = records.get(candidate).get(id);
            if (record != null) {
                return Optional.of(record.view());
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, RecordView> findAll(EntityType type, Collection<String> ids) {
        Map<String, RecordView> result = new LinkedHashMap<>();
        ConcurrentSkipListMap<String, GoldenRecord> ofType = records.get(type);
        for (String id : ids) {
            GoldenRecord record = id == null ? null : ofType.get(id);
            if (record != null) {
                result.put(id, record.view());
            }
        }
        return result;
    }

    @Override
    public RecordPageView page(RecordFilter filter, String afterId, int limit) {
        int size = RecordReadModel.pageSize(limit);
        List<RecordFilters.Condition> conditions = RecordFilters.conditions(filter);
        ConcurrentSkipListMap<String, GoldenRecord> ofType = records.get(filter.type());
        ConcurrentNavigableMap<String, GoldenRecord> from = afterId == null ? ofType : ofType.tailMap(afterId, false);
        List<RecordView> page = new ArrayList<>(Math.min(size, 64));
        for (GoldenRecord record : from.values()) {
            if (RecordFilters.matches(filter, conditions, record.view())) {
                if (page.size() == size) {
                    return new RecordPageView(page, true);
                }
                page.add(record.view());
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
        for (GoldenRecord record : records.get(filter.type()).values()) {
            if (RecordFilters.matches(filter, conditions, record.view())) {
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
        for (GoldenRecord record : records.get(EntityType.LOCATION).values()) {
            if (record.view().attributes() instanceof LocationAttributes location && location.parent() != null
                    && parents.contains(location.parent().id())) {
                children.add(record.view());
            }
        }
        return children;
    }

    @Override
    public void forEach(EntityType type, Consumer<RecordView> action) {
        for (GoldenRecord record : records.get(type).values()) {
            action.accept(record.view());
        }
    }

    @Override
    public Optional<GoldenRecord> load(EntityType type, String id) {
        return Optional.ofNullable(records.get(type).get(id));
    }

    @Override
    public void save(GoldenRecord record) {
        GoldenRecord before = records.get(record.type()).put(record.id(), record);
        Map<LifecycleStatus, LongAdder> byStatus = counts.get(record.type());
        if (before != null) {
            byStatus.get(before.view().status()).decrement();
        }
        byStatus.get(record.view().status()).increment();
    }

    @Override
    public void dropAll() {
        for (EntityType type : EntityType.values()) {
            records.get(type).clear();
            counts.get(type).values().forEach(LongAdder::reset);
        }
    }

    /** How many records are held (for health and measurements). */
    public long size() {
        return count(null, null);
    }
}
