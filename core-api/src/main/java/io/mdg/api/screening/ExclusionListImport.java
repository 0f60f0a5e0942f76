package io.mdg.api.screening;

/**
 * What an exclusion-list import did.
 *
 * @param list             the imported list
 * @param screened         the ACTIVE suppliers screened against it
 * @param hits             the suppliers with at least one hit
 * @param requestsOpened   suspension requests opened
 * @param requestsExisting hits whose earlier suspension request for the same entry is still pending or was decided
 *                         (no new one opened)
 */
public record ExclusionListImport(ExclusionListView list, int screened, int hits, int requestsOpened,
                                  int requestsExisting) {
}
