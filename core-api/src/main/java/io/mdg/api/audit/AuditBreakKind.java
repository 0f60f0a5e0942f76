package io.mdg.api.audit;

/** What breaks the tamper-evident audit ({@link AuditBreak}). */
public enum AuditBreakKind {
    /** The event's stored chain link is not the one recomputed from its stored row and its predecessor's link. */
    HASH_MISMATCH,
    /** The event has no chain link (written with the chain's trigger switched off). */
    UNCHAINED_ENTRY,
    /** The event follows no stored event of its aggregate (its predecessor was deleted). */
    MISSING_PREDECESSOR,
    /** A checkpoint's Merkle root differs from the one recomputed from the events of its range. */
    CHECKPOINT_ROOT_MISMATCH,
    /** A checkpoint's range holds another number of events than it recorded (an event deleted or inserted). */
    CHECKPOINT_ENTRIES_MISMATCH,
    /** A checkpoint's hash is not that of its content, or it does not follow the checkpoint before it. */
    CHECKPOINT_CHAIN_BROKEN,
    /** A checkpoint's signature is not valid for its key (or the key is not in the ring). */
    CHECKPOINT_SIGNATURE_INVALID,
    /** An exported checkpoint is not in the database. */
    CHECKPOINT_MISSING,
    /** A checkpoint differs from the exported one of the same number (or the events from the exported root). */
    EXPORTED_CHECKPOINT_MISMATCH,
    /** An exported checkpoint's signature is not valid: the export itself was changed. */
    EXPORTED_SIGNATURE_INVALID
}
