package io.mdg.api.audit;

/**
 * What an audit-trail entry records. Every stored event of a golden record or a change request, and every refused
 * submission, becomes exactly one entry, so the trail is complete and can be rebuilt from the events.
 */
public enum AuditAction {
    /** A golden record was created from a source record; the changes are its initial values (before: null). */
    RECORD_CREATED,
    /** A source submission changed attributes directly (no approval needed). */
    SUBMISSION_APPLIED,
    /** A source submission was rejected as a whole (validation failure, retired record, ...): nothing changed. */
    SUBMISSION_REJECTED,
    /**
     * Some attributes of a submission were refused (NOT_SYSTEM_OF_RECORD: the source does not own them) while the
     * rest of it was applied, held or unchanged.
     */
    ATTRIBUTES_REFUSED,
    /** The record held a high-risk change for approval instead of applying it (the change request follows). */
    CHANGE_HELD,
    /** A change request was opened (a held source change or a steward's proposal). */
    CHANGE_REQUESTED,
    /** One approval of a change request was recorded; it stays pending until all approvals are in. */
    APPROVAL_RECORDED,
    /** All approvals of a change request are in. */
    APPROVED,
    /** The values of an approved change request were applied to the record (the actor: the last approver). */
    CHANGE_APPLIED,
    /** A steward rejected a change request. */
    REJECTED,
    /** The requester withdrew a change request (stored before SUPERSEDED existed: or a later one superseded it). */
    WITHDRAWN,
    /** A newer submission superseded a pending change request (the comment names it). */
    SUPERSEDED,
    /**
     * A change request was still pending at its SLA (the rules file's {@code approvals.escalateAfter}) and escalated
     * to its type's escalation role (the comment names it and the step it was waiting at).
     */
    ESCALATED,
    /** A change request was still pending at its deadline. */
    EXPIRED,
    /** The record dropped the values it held for a change request that ended without approval. */
    CHANGE_RELEASED,
    /** The record's lifecycle status changed. */
    STATUS_CHANGED,
    /** The record was merged into another (the survivor) and retired. */
    MERGED,
    /** The record survived a merge and took over the merged record's source records. */
    SOURCES_MOVED,
    /** A new source record was linked to the existing golden record by a matching identifier. */
    SOURCE_LINKED,
    /** An admin retried events parked in a projection's dead-letter queue (the record: the sequence retried). */
    DEAD_LETTERS_RETRIED,
    /** An admin removed parked events from a projection's dead-letter queue, with a reason. */
    DEAD_LETTERS_EVICTED,
    /** An admin reset projections to rebuild their read models from the events. */
    PROJECTIONS_REPLAYED,
    /** An admin registered a downstream consumer of golden records (the record: the consumer's id). */
    CONSUMER_REGISTERED,
    /** An admin changed what a consumer receives or how (the changes: its settings before and after). */
    CONSUMER_CHANGED,
    /** An admin gave a push consumer a new signing secret (never shown in the trail). */
    CONSUMER_SECRET_ROTATED,
    /** An admin had deliveries parked for a push consumer delivered again (the record: the consumer's id). */
    PARKED_DELIVERIES_REPLAYED,
    /**
     * An admin imported an exclusion list (the record: the list's id; the comment: its layout, file, SHA-256 and
     * rows).
     */
    EXCLUSION_LIST_IMPORTED,
    /**
     * A supplier was screened against an exclusion list (the record: the supplier; the comment: the list, the result,
     * and each hit with its reasons and suspension request).
     */
    SUPPLIER_SCREENED,
    /**
     * A person delegated their approvals of a role's steps to another for a period (the record: the delegation's id;
     * the comment: who, for whom, which role, the period and the reason).
     */
    DELEGATION_GRANTED,
    /** A delegation was revoked before its time by its delegator or an admin (the record: the delegation's id). */
    DELEGATION_REVOKED,
    /** The first governance rules were adopted at the first start (the record: their version). */
    RULES_ADOPTED,
    /** An admin (or a start-up with a differing rules file) proposed new rules (the record: the proposal; the comment
     * ends with the diff against the rules in force). */
    RULES_CHANGE_PROPOSED,
    /** A second admin approved a rules change (the comment: from when it is in force). */
    RULES_CHANGE_APPROVED,
    /** An admin rejected (or its proposer withdrew) a rules change, with the reason. */
    RULES_CHANGE_REJECTED,
    /**
     * The personal data of a supplier's contact person were erased (crypto-shredded); the changes name the person id
     * only, the comment the reason (an admin's, or the rules file's retention period).
     */
    CONTACT_ERASED
}
