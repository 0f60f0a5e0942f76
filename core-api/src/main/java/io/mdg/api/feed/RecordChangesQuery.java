package io.mdg.api.feed;

import java.util.Set;

import io.mdg.api.EntityType;

/**
 * A subscription query for the change feed: approved changes of golden records of the given types (null or empty:
 * every type). Its initial result is an empty {@code List<RecordChange>} (the feed starts when the subscription
 * does: there is no backlog); each update is one {@link RecordChange}.
 */
public record RecordChangesQuery(Set<EntityType> types) {

    public RecordChangesQuery {
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    /** Whether a change of a record of this type belongs to this subscription. */
    public boolean follows(EntityType type) {
        return types.isEmpty() || types.contains(type);
    }
}
