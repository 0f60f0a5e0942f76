package io.mdg.api.quality;

import java.util.List;

/**
 * Golden identifiers of one kind that pass the governance rules' check for that kind.
 *
 * @param kind    e.g. GTIN, UDI_DI, HIBC, UNSPSC, TAX_ID, DUNS, GLN, HIN
 * @param checked identifiers of that kind present on ACTIVE and SUSPENDED golden records
 * @param valid   the ones that pass
 * @param ratio   {@code valid / checked} (1.0 when there are none)
 * @param invalidRecordIds some records with an invalid one (at most ten), for a steward to look at
 */
public record IdentifierValidity(String kind, long checked, long valid, double ratio, List<String> invalidRecordIds) {
}
