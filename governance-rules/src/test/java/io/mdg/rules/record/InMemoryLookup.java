package io.mdg.rules.record;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.MasterAttributes;

/** The golden records a test knows, in memory. */
final class InMemoryLookup implements ReferenceLookup {

    private final Map<String, RecordFacts> records = new LinkedHashMap<>();

    InMemoryLookup with(String id, LifecycleStatus status, MasterAttributes attributes) {
        records.put(id, new RecordFacts(id, attributes.entityType(), status, attributes));
        return this;
    }

    InMemoryLookup with(String id, MasterAttributes attributes) {
        return with(id, LifecycleStatus.ACTIVE, attributes);
    }

    RecordFacts get(String id) {
        return records.get(id);
    }

    @Override
    public Optional<RecordFacts> find(String recordId) {
        return Optional.ofNullable(records.get(recordId));
    }

    @Override
    public List<RecordFacts> referencing(String recordId) {
        return records.values().stream()
                .filter(r -> r.attributes().references().stream().anyMatch(ref -> recordId.equals(ref.id())))
                .toList();
    }
}
