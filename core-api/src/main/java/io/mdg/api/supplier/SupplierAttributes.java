package io.mdg.api.supplier;

/**
 * The canonical supplier attributes a submission can carry. A null attribute was not sent (partial submission)
 * and leaves the golden value as it is.
 *
 * @param legalName registered legal name
 * @param taxId     US employer identification number, {@code NN-NNNNNNN}
 * @param duns      D-U-N-S number, 9 digits
 * @param gln       GS1 global location number of the party, 13 digits with check digit
 */
public record SupplierAttributes(String legalName, String taxId, String duns, String gln) {

    public static final SupplierAttributes EMPTY = new SupplierAttributes(null, null, null, null);
}
