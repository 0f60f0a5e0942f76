package io.mdg.graphql.submission;

import java.util.ArrayList;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.submission.FieldError;

/** The GraphQL input {@code SupplierSubmissionInput}. */
public record SupplierSubmissionInput(String sourceId, Long sourceVersion, String legalName, List<String> tradingNames,
                                      String taxId, String duns, String gln, Address orderingAddress,
                                      Address remitToAddress, BankAccount bankAccount, List<Contact> contacts,
                                      ScreeningStatus screeningStatus, String idempotencyKey)
        implements SubmissionInput {

    @Override
    public EntityType type() {
        return EntityType.SUPPLIER;
    }

    @Override
    public SupplierAttributes attributes() {
        return new SupplierAttributes(legalName, tradingNames, taxId, duns, gln, orderingAddress, remitToAddress,
                bankAccount, contacts, screeningStatus);
    }

    @Override
    public List<FieldError> inputErrors() {
        List<FieldError> errors = new ArrayList<>();
        InputChecks.noNulls("tradingNames", tradingNames, errors);
        InputChecks.noNulls("contacts", contacts, errors);
        return errors;
    }
}
