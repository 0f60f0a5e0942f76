package io.mdg.api.ops;

import io.mdg.api.Actor;

/**
 * An operator retried or evicted dead letters. Not an aggregate event: stored in the event store so that the audit
 * trail keeps who did it, when and why, as long as everything else.
 *
 * @param action             retried or evicted
 * @param processingGroup    the projection's processing group
 * @param sequenceIdentifier the record (sequence) concerned; null for a retry of every sequence
 * @param index              the one letter evicted; null for a whole sequence
 * @param reason             the operator's reason (required for an eviction)
 * @param actor              the admin
 * @param attempted          sequences retried or letters evicted
 * @param succeeded          sequences that went through (retry) or letters evicted
 * @param remaining          letters still parked in the group afterwards
 */
public record DeadLetterActionEvent(DeadLetterAction action, String processingGroup, String sequenceIdentifier,
                                    Long index, String reason, Actor actor, int attempted, int succeeded,
                                    long remaining) {
}
