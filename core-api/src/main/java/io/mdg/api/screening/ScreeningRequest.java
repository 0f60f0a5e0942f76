package io.mdg.api.screening;

/**
 * The suspension request of a hit.
 *
 * @param entryKey        the entry that matched
 * @param changeRequestId the change request proposing the supplier's suspension
 * @param opened          true: opened by this screening; false: the request an earlier screening opened for the
 *                        same entry is still pending (no duplicate) or was decided (a steward's rejection clears
 *                        the entry for good; an approval suspended the supplier)
 */
public record ScreeningRequest(String entryKey, String changeRequestId, boolean opened) {
}
