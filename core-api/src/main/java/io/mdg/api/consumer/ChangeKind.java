package io.mdg.api.consumer;

/**
 * What an entry of a consumer's change feed says happened to a golden record (its CloudEvent type is
 * {@code io.mdg.record.} + the name in lower case, e.g. {@code io.mdg.record.created}).
 */
public enum ChangeKind {
    /** The record was created. */
    CREATED,
    /** Approved attribute values changed, or its source cross-references did. */
    CHANGED,
    /**
     * A merge: sent for the merged record (now RETIRED, merged into the survivor) and for the survivor (which took
     * over the merged record's source records); both say which id survives.
     */
    MERGED,
    /** Suspended or retired. */
    DEACTIVATED,
    /** Active again after a suspension or retirement. */
    REACTIVATED,
    /**
     * The record as it stands, sent because the consumer starts receiving it: its initial load, or a filter or
     * subscription that now takes it in (a location moved into the subtree, an item class added, a type subscribed).
     */
    SNAPSHOT,
    /**
     * The consumer no longer receives the record: it left the consumer's filter (a location moved out of the subtree,
     * an item's class changed) or subscription. Carries no record.
     */
    REMOVED,
    /**
     * Not a change of the record: a steward notification about a change request of it (reached a step of a role,
     * escalated, expired), to a role the consumer subscribes to; its CloudEvent type is {@code io.mdg.steward.} + the
     * notification's kind in lower case.
     */
    STEWARD_NOTIFICATION;

    /** The CloudEvents {@code type} attribute of the entries of this kind. */
    public String cloudEventType() {
        return "io.mdg.record." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
