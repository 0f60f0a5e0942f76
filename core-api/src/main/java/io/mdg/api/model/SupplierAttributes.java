package io.mdg.api.model;

import java.util.List;

import io.mdg.api.EntityType;

/**
 * A supplier (vendor, manufacturer or distributor).
 *
 * @param legalName        registered legal name
 * @param tradingNames     other names it trades under (d/b/a)
 * @param taxId            US employer identification number, NN-NNNNNNN
 * @param duns             D-U-N-S number, 9 digits
 * @param gln              GS1 global location number of the party, 13 digits
 * @param orderingAddress  where purchase orders go
 * @param remitToAddress   where payments go (high risk)
 * @param bankAccount      where payments go electronically (high risk)
 * @param contacts         named contacts
 * @param screeningStatus  exclusion-list screening result
 */
public record SupplierAttributes(String legalName, List<String> tradingNames, String taxId, String duns, String gln,
                                 Address orderingAddress, Address remitToAddress, BankAccount bankAccount,
                                 List<Contact> contacts, ScreeningStatus screeningStatus) implements MasterAttributes {

    public static SupplierAttributes named(String legalName) {
        return new SupplierAttributes(legalName, null, null, null, null, null, null, null, null, null);
    }

    /** These attributes with the contact of person {@code personId} read as erased ({@link Contact#erased}). */
    public SupplierAttributes withContactErased(String personId) {
        if (contacts == null) {
            return this;
        }
        List<Contact> erased = contacts.stream()
                .map(c -> personId.equals(c.personId()) ? Contact.erased(personId) : c).toList();
        return new SupplierAttributes(legalName, tradingNames, taxId, duns, gln, orderingAddress, remitToAddress,
                bankAccount, erased, screeningStatus);
    }

    @Override
    public EntityType entityType() {
        return EntityType.SUPPLIER;
    }

    @Override
    public List<Ref> references() {
        return List.of();
    }

    @Override
    public SupplierAttributes resolveReferences(ReferenceResolver resolver) {
        return this;
    }
}
