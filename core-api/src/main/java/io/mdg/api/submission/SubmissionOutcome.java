package io.mdg.api.submission;

/** What a source submission did to the golden record. */
public enum SubmissionOutcome {
    /** A new golden record was created. */
    CREATED,
    /** At least one attribute of the golden record changed. */
    UPDATED,
    /** Nothing was applied, but high-risk changes are held for steward approval (see the attribute results). */
    PENDING_APPROVAL,
    /** An identical repeat: nothing changed and no event was stored. */
    UNCHANGED,
    /** Older than the last submission seen from that source for that record: ignored. */
    STALE,
    /** Invalid input or a rule refused it: nothing changed. See the errors. */
    REJECTED
}
