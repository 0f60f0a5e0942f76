package io.mdg.graphql.supplier;

/** The GraphQL input {@code SupplierSubmissionInput}. */
public record SupplierSubmissionInput(String sourceId, Long sourceVersion, String legalName, String taxId,
                                      String duns, String gln) {
}
