package io.mdg.command.supplier;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.command.xref.CrossReferences;
import io.mdg.command.xref.DuplicateCrossReferenceException;

/** Cross-references in a map, for fixture tests. */
class InMemoryCrossReferences implements CrossReferences {

    private final Map<String, String> links = new ConcurrentHashMap<>();

    @Override
    public Optional<String> find(EntityType type, SourceRef source) {
        return Optional.ofNullable(links.get(type + ":" + source.key()));
    }

    @Override
    public void link(EntityType type, SourceRef source, String goldenId) {
        if (links.putIfAbsent(type + ":" + source.key(), goldenId) != null) {
            throw new DuplicateCrossReferenceException(type + ":" + source.key(), null);
        }
    }
}
