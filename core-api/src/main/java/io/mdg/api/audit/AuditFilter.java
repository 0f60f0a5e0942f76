package io.mdg.api.audit;

import java.time.Instant;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;

/**
 * Which audit-trail entries to read; every criterion is optional (null: any) and they combine with AND.
 *
 * @param recordId        entries of this golden record (including the decisions of its change requests)
 * @param actor           entries caused by this user name or client id
 * @param sourceSystem    entries whose source record came from this system (for change-request entries: the source
 *                        of the requested change)
 * @param changeRequestId entries of this change request (the request's own and the record's held/applied entries)
 * @param correlationId   entries caused by requests with this correlation id
 * @param from            at or after this instant
 * @param to              before this instant
 * @param recordType      entries of records of this type
 * @param actions         entries of one of these actions (null or empty: any)
 */
public record AuditFilter(String recordId, String actor, SourceSystem sourceSystem, String changeRequestId,
                          String correlationId, Instant from, Instant to, EntityType recordType,
                          List<AuditAction> actions) {

    public AuditFilter {
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    /** No criterion: the whole trail. */
    public static AuditFilter all() {
        return new AuditFilter(null, null, null, null, null, null, null, null, null);
    }

    /** The trail of one golden record. */
    public static AuditFilter ofRecord(String recordId) {
        return new AuditFilter(recordId, null, null, null, null, null, null, null, null);
    }
}
