package io.mdg.api.screening;

/**
 * The suspension request of a hit.
 *
 * @param entryKey        the entry that matched
 * @param changeRequestId the change request proposing the supplier's suspension
 * @param opened          true: opened by this screening; false: a request for the same entry was still pending, so
 *                        no duplicate was opened
 */
public record ScreeningRequest(String entryKey, String changeRequestId, boolean opened) {
}
