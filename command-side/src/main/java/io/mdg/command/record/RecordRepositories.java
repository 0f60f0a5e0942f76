package io.mdg.command.record;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;
import io.mdg.rules.policy.GovernancePolicy;

/** The repository and the constructor of each entity type's aggregate. */
public final class RecordRepositories {

    /**
     * Creates an entity type's aggregate from a new source record; {@code changeRequestId} names the change request
     * for values held on creation.
     */
    @FunctionalInterface
    public interface Factory {
        GovernedRecord create(String recordId, SourceRef source, MasterAttributes submitted, Actor actor,
                              GovernancePolicy policy, RecordValidator validator, String changeRequestId);
    }

    private record Entry(Repository<? extends GovernedRecord> repository, Factory factory) {
    }

    private final Map<EntityType, Entry> entries = new EnumMap<>(EntityType.class);

    public RecordRepositories register(EntityType type, Repository<? extends GovernedRecord> repository, Factory factory) {
        entries.put(type, new Entry(repository, factory));
        return this;
    }

    @SuppressWarnings("unchecked")
    public Aggregate<GovernedRecord> load(EntityType type, String recordId) {
        return (Aggregate<GovernedRecord>) entry(type).repository().load(recordId);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Aggregate<GovernedRecord> create(EntityType type, Callable<GovernedRecord> factory) throws Exception {
        Repository repository = entry(type).repository();
        return (Aggregate<GovernedRecord>) repository.newInstance(factory);
    }

    public Factory factory(EntityType type) {
        return entry(type).factory();
    }

    private Entry entry(EntityType type) {
        Entry entry = entries.get(type);
        if (entry == null) {
            throw new IllegalStateException("no aggregate registered for " + type);
        }
        return entry;
    }
}
