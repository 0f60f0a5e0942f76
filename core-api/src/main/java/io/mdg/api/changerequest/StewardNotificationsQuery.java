package io.mdg.api.changerequest;

import java.util.Set;

/**
 * A page of the steward notification feed ({@link StewardNotification}s), in feed order, after {@code after} (a
 * position a previous page answered; null: from the start), at most {@code limit}, of the notifications to
 * {@code roles} (null: of every role, for auditors and admins). Answers a list of {@link StewardNotification}.
 */
public record StewardNotificationsQuery(Set<String> roles, Long after, int limit) {

    public StewardNotificationsQuery {
        roles = roles == null ? null : Set.copyOf(roles);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (after != null && after < 0) {
            throw new IllegalArgumentException("after must not be negative, was " + after);
        }
    }
}
