package io.mdg.graphql.record;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;

/** The GraphQL type {@code RecordCount}; {@code status} null counts all records of the type. */
public record RecordCount(EntityType type, LifecycleStatus status, long count) {
}
