package io.mdg.query.xref;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.xref.RecordRef;

/**
 * The cross-references in memory, kept compact (one per source record): per source system and entity type a
 * concurrent map from the source id (the string the golden record's source refs hold, no key of its own) to the id
 * of its golden record, or an array of ids in the rare moment a source record maps to two records of one type (a
 * merge under way); changed atomically per key. A source record's golden records are answered by type.
 */
public class MemoryCrossReferenceReadModel implements CrossReferenceReadModel {

    private static final EntityType[] TYPES = EntityType.values();

    private final Map<SourceSystem, Map<EntityType, ConcurrentHashMap<String, Object>>> refs =
            new EnumMap<>(SourceSystem.class);

    public MemoryCrossReferenceReadModel() {
        for (SourceSystem system : SourceSystem.values()) {
            Map<EntityType, ConcurrentHashMap<String, Object>> byType = new EnumMap<>(EntityType.class);
            for (EntityType type : TYPES) {
                byType.put(type, new ConcurrentHashMap<>());
            }
            refs.put(system, byType);
        }
    }

    @Override
    public void link(SourceSystem system, String sourceId, EntityType type, String goldenId) {
        refs.get(system).get(type).compute(sourceId, (key, current) -> {
            if (current == null) {
                return goldenId;
            }
            String[] ids = ids(current);
            for (String id : ids) {
                if (id.equals(goldenId)) {
                    return current;
                }
            }
            String[] more = Arrays.copyOf(ids, ids.length + 1);
            more[ids.length] = goldenId;
            return more;
        });
    }

    @Override
    public void unlink(SourceSystem system, String sourceId, EntityType type, String goldenId) {
        refs.get(system).get(type).computeIfPresent(sourceId, (key, current) -> {
            String[] rest = Arrays.stream(ids(current)).filter(id -> !id.equals(goldenId)).toArray(String[]::new);
            return rest.length == 0 ? null : rest.length == 1 ? rest[0] : rest;
        });
    }

    @Override
    public List<RecordRef> find(SourceSystem system, String sourceId) {
        Map<EntityType, ConcurrentHashMap<String, Object>> byType = refs.get(system);
        List<RecordRef> found = null;
        for (EntityType type : TYPES) {
            Object ids = byType.get(type).get(sourceId);
            if (ids != null) {
                if (found == null) {
                    found = new ArrayList<>(1);
                }
                for (String id : ids(ids)) {
                    found.add(new RecordRef(type, id));
                }
            }
        }
        return found == null ? List.of() : List.copyOf(found);
    }

    @Override
    public void dropAll() {
        refs.values().forEach(byType -> byType.values().forEach(Map::clear));
    }

    private static String[] ids(Object ids) {
        return ids instanceof String one ? new String[]{one} : (String[]) ids;
    }
}
