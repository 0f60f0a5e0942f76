package io.mdg.api.record;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;

/** How many golden records of a type (and status, if given) there are. Answers {@code Long}. */
public record CountRecordsQuery(EntityType type, LifecycleStatus status) {
}
