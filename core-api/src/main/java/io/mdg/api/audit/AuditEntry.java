package io.mdg.api.audit;

import java.time.Instant;
import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.submission.FieldError;

/**
 * One entry of the audit trail: one stored event (a record's, a change request's, or a refused submission).
 *
 * @param id               the entry id (the event's identifier and the entry's index within it)
 * @param at               when the event happened (the event's timestamp)
 * @param action           what happened
 * @param recordType       the golden record's type
 * @param recordId         the golden record (null for a refused submission of a new source record)
 * @param changes          the attributes concerned, with before and after values (see {@link AuditChange})
 * @param actor            who caused it: the source client or user from the token; SYSTEM for expiry and
 *                         supersession
 * @param source           the source record the change came from (for change-request entries: the request's)
 * @param changeRequestId  the change request concerned, if any
 * @param approvals        for change-request entries: the approvals so far; null otherwise
 * @param correlationId    the correlation id of the request that caused it (event metadata {@code correlationId})
 * @param comment          the reason or comment given, or an explanation (e.g. the identifier a link matched on)
 * @param verificationNote the approver's evidence (e.g. the call-back of a bank change), for approvals
 * @param errors           for a rejected submission: the field errors
 * @param onBehalfOf       for an approval or rejection by a delegate: the delegator it was decided for (the actor is
 *                         the delegate); null otherwise and in entries stored before delegation existed
 * @param rulesVersion     the declared version of the governance rules the event was decided by (event metadata
 *                         {@code rulesVersion}); null for entries of events stored before it was recorded
 * @param rulesHash        the content hash of those rules (event metadata {@code rulesHash}); null for entries of
 *                         events stored before it was recorded
 */
public record AuditEntry(String id, Instant at, AuditAction action, EntityType recordType, String recordId,
                         List<AuditChange> changes, Actor actor, SourceRef source, String changeRequestId,
                         AuditApprovals approvals, String correlationId, String comment, String verificationNote,
                         List<FieldError> errors, String onBehalfOf, String rulesVersion, String rulesHash) {

    /** An entry of a decision in the actor's own name (or of no decision), without the rules it was decided by. */
    public AuditEntry(String id, Instant at, AuditAction action, EntityType recordType, String recordId,
                      List<AuditChange> changes, Actor actor, SourceRef source, String changeRequestId,
                      AuditApprovals approvals, String correlationId, String comment, String verificationNote,
                      List<FieldError> errors) {
        this(id, at, action, recordType, recordId, changes, actor, source, changeRequestId, approvals, correlationId,
                comment, verificationNote, errors, null, null, null);
    }

    /** An entry of a decision, possibly by a delegate ({@code onBehalfOf}), without the rules it was decided by. */
    public AuditEntry(String id, Instant at, AuditAction action, EntityType recordType, String recordId,
                      List<AuditChange> changes, Actor actor, SourceRef source, String changeRequestId,
                      AuditApprovals approvals, String correlationId, String comment, String verificationNote,
                      List<FieldError> errors, String onBehalfOf) {
        this(id, at, action, recordType, recordId, changes, actor, source, changeRequestId, approvals, correlationId,
                comment, verificationNote, errors, onBehalfOf, null, null);
    }

    public AuditEntry {
        changes = changes == null ? List.of() : List.copyOf(changes);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public AuditEntry withChanges(List<AuditChange> changes) {
        return new AuditEntry(id, at, action, recordType, recordId, changes, actor, source, changeRequestId,
                approvals, correlationId, comment, verificationNote, errors, onBehalfOf, rulesVersion, rulesHash);
    }
}
