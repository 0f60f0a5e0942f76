package io.mdg.query.xref;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.xref.RecordRef;

/**
 * The cross-references in memory: a concurrent map from the source record's key ({@code SYSTEM|sourceId}) to the
 * array of its golden records (one element in nearly every case), changed atomically per key.
 */
public class MemoryCrossReferenceReadModel implements CrossReferenceReadModel {

    private static final RecordRef[] NONE = new RecordRef[0];

    private final ConcurrentHashMap<String, RecordRef[]> refs = new ConcurrentHashMap<>();

    @Override
    public void link(SourceSystem system, String sourceId, EntityType type, String goldenId) {
        RecordRef ref = new RecordRef(type, goldenId);
        refs.compute(key(system, sourceId), (key, current) -> {
            if (current == null) {
                return new RecordRef[]{ref};
            }
            for (RecordRef existing : current) {
                if (existing.equals(ref)) {
                    return current;
                }
            }
            RecordRef[] more = Arrays.copyOf(current, current.length + 1);
            more[current.length] = ref;
            return more;
        });
    }

    @Override
    public void unlink(SourceSystem system, String sourceId, EntityType type, String goldenId) {
        RecordRef ref = new RecordRef(type, goldenId);
        refs.computeIfPresent(key(system, sourceId), (key, current) -> {
            RecordRef[] rest = Arrays.stream(current).filter(r -> !r.equals(ref)).toArray(RecordRef[]::new);
            // a key without golden records stays (as an emptied document would): it answers the same as none
            return rest.length == current.length ? current : rest.length == 0 ? NONE : rest;
        });
    }

    @Override
    public List<RecordRef> find(SourceSystem system, String sourceId) {
        RecordRef[] found = refs.get(key(system, sourceId));
        return found == null ? List.of() : List.of(found);
    }

    @Override
    public void dropAll() {
        refs.clear();
    }

    static String key(SourceSystem system, String sourceId) {
        return system.name() + "|" + sourceId;
    }
}
