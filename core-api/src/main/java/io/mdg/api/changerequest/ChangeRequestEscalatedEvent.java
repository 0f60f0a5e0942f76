package io.mdg.api.changerequest;

import java.time.Instant;

import io.mdg.api.EntityType;

/**
 * The change request was still pending at its escalation time (the rules file's {@code approvals.escalateAfter} after
 * opening): it escalated to {@code escalatedTo}, whose people may decide its current step from now on as well (the
 * requester still never, a person still once over all steps) and are notified; it stays pending until its deadline.
 *
 * @param escalatedTo the role it escalated to (the type's {@code escalationRole})
 * @param escalateAt  the escalation time it was due at (the event's own timestamp is when it happened)
 * @param step        the number of the step it was waiting at (1: the first)
 * @param stepRole    that step's role (the one that let it wait)
 * @param approvals   how many approvals it had, over all steps
 * @param deadline    when it expires if still pending
 */
public record ChangeRequestEscalatedEvent(String changeRequestId, EntityType type, String recordId,
                                          String escalatedTo, Instant escalateAt, int step, String stepRole,
                                          int approvals, Instant deadline) {
}
