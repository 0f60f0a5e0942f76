package io.mdg.api.audit;

/**
 * Verifies the tamper-evident audit over the global positions {@code from}..{@code to} of the event store (both
 * inclusive; null: from the first, up to the last), widened to the checkpoints they fall in: recomputes every event's
 * chain link and every checkpoint's Merkle root, hash, chain and signature, and compares the checkpoints with the
 * exported ones ({@code exportedCheckpoints}: the JSON lines of an export file the auditor kept; null: the service's
 * own export file). Answers an {@link AuditVerification} with the first break.
 */
public record VerifyAuditQuery(Long from, Long to, String exportedCheckpoints) {

    public VerifyAuditQuery {
        if (from != null && from < 0 || to != null && to < 0) {
            throw new IllegalArgumentException("from and to are global positions (0 or more)");
        }
        if (from != null && to != null && from > to) {
            throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
        }
    }
}
