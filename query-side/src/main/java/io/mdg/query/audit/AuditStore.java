package io.mdg.query.audit;

import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.audit.AuditApprovals;
import io.mdg.api.audit.AuditCursor;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;

/**
 * The audit-trail read model's port: the entries {@link AuditProjection} writes and {@link AuditQueries} pages
 * through, and the projection's own lookup of change requests. Two adapters pass the same contract tests:
 * {@link PostgresAuditStore} (tables of the service's PostgreSQL, the embedded default) and {@link MongoAuditStore}
 * (collections of the MongoDB read store); {@code mdg.read-store} picks one.
 *
 * <p>What every adapter guarantees:
 * <ul>
 *   <li><b>Order</b>: time ({@code at}, kept to the millisecond), then the event's position, then its order of
 *       publication, then the entry id: total and fixed once stored, so that Relay cursors ({@link AuditCursor})
 *       stay valid across pages and rebuilds.</li>
 *   <li><b>Idempotent</b>: an entry whose id is stored already stays one entry (a redelivered or replayed event
 *       changes nothing): PostgreSQL keeps the stored row, MongoDB replaces the document with the same entry.</li>
 *   <li><b>Batched</b>: inside a processor's batch the writes of the batch go out together when it commits; reads of
 *       the lookup see the batch's own writes.</li>
 *   <li><b>Encrypted</b>: what an entry shows (its values, which can be bank details, comments, evidence) is stored
 *       sealed ({@code io.mdg.query.crypto.SealedJson}); only the fields the filters and the order use are stored
 *       as they are (ids, actor name, source system, action, time, position).</li>
 *   <li><b>Indexed</b>: each filter ({@link io.mdg.api.audit.AuditFilter}: record, actor, source system, change
 *       request, correlation id) and the order have an index, so a page costs the same on a trail of millions.</li>
 * </ul>
 */
public interface AuditStore {

    /** Stores the entry; one with the same id stays one entry (the same event handled again). */
    void save(AuditEntry entry, long position, long order);

    /** A page in trail order: {@code first} entries after the query's cursor, and whether more follow. */
    AuditPage page(AuditTrailQuery query);

    /** The lookup entry of a change request, null when none was saved. */
    RequestInfo request(String id);

    /** Saves (or replaces) the lookup entry of a change request. */
    void saveRequest(RequestInfo request);

    /** Removes every entry and the lookup (the trail is rebuilt from the events). */
    void drop();

    /** What the trail keeps of a change request for its later events (which carry only the request id). */
    record RequestInfo(String id, EntityType type, String recordId, SourceRef source, int required,
                       List<String> approvers) {

        public RequestInfo {
            approvers = approvers == null ? List.of() : List.copyOf(approvers);
        }

        /** The first {@code count} approvers (the approvals in as of an event, also when it is redelivered). */
        AuditApprovals approvals(int count) {
            int n = Math.max(0, Math.min(count, approvers.size()));
            return new AuditApprovals(count, required, approvers.subList(0, n));
        }
    }
}
