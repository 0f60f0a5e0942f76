package io.mdg.api.audit;

/**
 * The result of {@link VerifyAuditQuery}.
 *
 * @param ok                          no break in what was checked
 * @param from                        the first global position checked (the range widened to whole checkpoints)
 * @param to                          the last global position checked
 * @param entriesChecked              events whose chain link was recomputed
 * @param checkpointsChecked          checkpoints whose root, hash, chain and signature were recomputed
 * @param exportedCheckpointsCompared checkpoints compared with an exported one
 * @param complete                    false when the range was longer than one verification checks: continue at
 *                                    {@code nextFrom}
 * @param nextFrom                    where to continue, when not complete
 * @param lastCheckpoint              the number of the store's last checkpoint (null: none yet); events after it are
 *                                    checked by their chain only
 * @param backfilledUpTo              events up to this global position were chained when the chain was installed
 *                                    (stored before it); null: none
 * @param firstBreak                  the first break found, null when ok
 */
public record AuditVerification(boolean ok, long from, long to, long entriesChecked, long checkpointsChecked,
                                long exportedCheckpointsCompared, boolean complete, Long nextFrom,
                                Long lastCheckpoint, Long backfilledUpTo, AuditBreak firstBreak) {
}
