package io.mdg.api.changerequest;

import java.time.Instant;

import io.mdg.api.EntityType;

/**
 * The change request was still pending at its deadline: it expired, the golden record is untouched, and the
 * domain's stewards are alerted (escalation). {@code approvals} is how many it had.
 */
public record ChangeRequestExpiredEvent(String changeRequestId, EntityType type, String recordId, Instant deadline,
                                        int approvals, String escalateTo) {
}
