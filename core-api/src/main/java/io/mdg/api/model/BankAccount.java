package io.mdg.api.model;

/**
 * A supplier's bank account for payments. High risk: a change needs two approvals and a verification note, and
 * readers without the right to see it get {@link #masked()}.
 */
public record BankAccount(String accountHolder, String bankName, String routingNumber, String accountNumber,
                          String iban, String currency) {

    /** The account with all but the last four characters of the account number and IBAN hidden. */
    public BankAccount masked() {
        return new BankAccount(accountHolder, bankName, mask(routingNumber), mask(accountNumber), mask(iban), currency);
    }

    static String mask(String value) {
        if (value == null) {
            return null;
        }
        int keep = Math.min(4, value.length() / 2);
        return "*".repeat(value.length() - keep) + value.substring(value.length() - keep);
    }
}
