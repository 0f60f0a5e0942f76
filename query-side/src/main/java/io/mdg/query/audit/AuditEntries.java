package io.mdg.query.audit;

import java.time.temporal.ChronoUnit;

import io.mdg.api.audit.AuditEntry;

/** What every audit store keeps of an entry. */
final class AuditEntries {

    private AuditEntries() {
    }

    /** The entry as stored: its time to the millisecond (the precision of the trail's order and cursors). */
    static AuditEntry stored(AuditEntry entry) {
        if (entry.at().getNano() % 1_000_000 == 0) {
            return entry;
        }
        return new AuditEntry(entry.id(), entry.at().truncatedTo(ChronoUnit.MILLIS), entry.action(),
                entry.recordType(), entry.recordId(), entry.changes(), entry.actor(), entry.source(),
                entry.changeRequestId(), entry.approvals(), entry.correlationId(), entry.comment(),
                entry.verificationNote(), entry.errors(), entry.onBehalfOf(), entry.rulesVersion(), entry.rulesHash());
    }
}
