package io.mdg.rules.record;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.Ref;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.rules.Violation;
import io.mdg.rules.identifier.Duns;
import io.mdg.rules.identifier.Gln;
import io.mdg.rules.identifier.HibcCode;
import io.mdg.rules.identifier.Hin;
import io.mdg.rules.identifier.TaxId;
import io.mdg.rules.identifier.Unspsc;

/** The format of every value sent, one attribute at a time (see {@link RecordRules#checkValues}). */
final class ValueChecks {

    static final int MAX_PRICE_DECIMALS = 4;

    private static final Pattern ZIP = Pattern.compile("\\d{5}(-\\d{4})?");
    private static final Pattern ROUTING_NUMBER = Pattern.compile("\\d{9}");
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("[0-9A-Za-z-]{4,34}");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{7,24}((\\s*(x|ext\\.?)\\s*)\\d{1,6})?");

    private ValueChecks() {
    }

    static void supplier(SupplierAttributes s, List<Violation> out) {
        Checks.text("legalName", s.legalName(), out);
        if (s.tradingNames() != null) {
            for (int i = 0; i < s.tradingNames().size(); i++) {
                String path = "tradingNames[" + i + "]";
                String name = s.tradingNames().get(i);
                if (name == null) {
                    out.add(new Violation(path, "REQUIRED", path + " is empty"));
                } else {
                    Checks.text(path, name, out);
                }
            }
        }
        Checks.identifier("taxId", s.taxId(), TaxId::new, out);
        Checks.identifier("duns", s.duns(), Duns::new, out);
        Checks.identifier("gln", s.gln(), Gln::new, out);
        address("orderingAddress", s.orderingAddress(), out);
        address("remitToAddress", s.remitToAddress(), out);
        bankAccount(s.bankAccount(), out);
        if (s.contacts() != null) {
            for (int i = 0; i < s.contacts().size(); i++) {
                contact("contacts[" + i + "]", s.contacts().get(i), out);
            }
        }
    }

    static void item(ItemAttributes item, List<Violation> out) {
        Checks.text("description", item.description(), out);
        ref("manufacturer", item.manufacturer(), out);
        Checks.text("manufacturerPartNumber", item.manufacturerPartNumber(), out);
        // the UDI-DI's format depends on its agency, which may come from the golden record: see RecordChecks
        Checks.text("udiDi", item.udiDi(), out);
        Checks.identifier("hibcCode", item.hibcCode(), HibcCode::new, out);
        Checks.identifier("unspsc", item.unspsc(), code -> {
            Unspsc unspsc = new Unspsc(code);
            if (!unspsc.isCommodityLevel()) {
                throw new io.mdg.rules.identifier.InvalidIdentifierException("UNSPSC_NOT_COMMODITY",
                        "a purchasable item is classified at commodity level (no trailing 00), not " + code);
            }
        }, out);
        if (item.packaging() != null) {
            Packaging.check(item.packaging(), out);
        }
    }

    static void contract(ContractAttributes contract, List<Violation> out) {
        Checks.text("contractNumber", contract.contractNumber(), out);
        ref("supplier", contract.supplier(), out);
        Checks.text("tier", contract.tier(), out);
        if (contract.lines() != null) {
            for (int i = 0; i < contract.lines().size(); i++) {
                line("lines[" + i + "]", contract.lines().get(i), out);
            }
        }
    }

    static void location(LocationAttributes location, List<Violation> out) {
        Checks.text("name", location.name(), out);
        ref("parent", location.parent(), out);
        Checks.identifier("gln", location.gln(), Gln::new, out);
        Checks.identifier("hin", location.hin(), Hin::new, out);
        address("address", location.address(), out);
        Checks.text("costCentre", location.costCentre(), out);
    }

    private static void line(String path, ContractLine line, List<Violation> out) {
        if (line == null) {
            out.add(new Violation(path, "REQUIRED", path + " is empty; a price line needs item, unit, price and"
                    + " currency"));
            return;
        }
        Checks.required(path + ".item", line.item(), "on a price line", out);
        ref(path + ".item", line.item(), out);
        Checks.required(path + ".unit", line.unit(), "on a price line", out);
        if (line.unit() != null && Checks.text(path + ".unit", line.unit(), out) && !Units.isControlled(line.unit())) {
            out.add(new Violation(path + ".unit", "UNIT_UNKNOWN", path + ".unit '" + Checks.show(line.unit())
                    + "' is not on the controlled list of units"));
        }
        Checks.required(path + ".price", line.price(), "on a price line", out);
        BigDecimal price = line.price();
        if (price != null) {
            if (price.signum() <= 0) {
                out.add(new Violation(path + ".price", "PRICE_NOT_POSITIVE",
                        path + ".price must be greater than 0, not " + price.toPlainString()));
            }
            if (price.stripTrailingZeros().scale() > MAX_PRICE_DECIMALS) {
                out.add(new Violation(path + ".price", "PRICE_PRECISION", path + ".price has at most "
                        + MAX_PRICE_DECIMALS + " decimals, not " + price.stripTrailingZeros().scale()));
            }
        }
        Checks.required(path + ".currency", line.currency(), "on a price line", out);
        Checks.currency(path + ".currency", line.currency(), out);
        Checks.text(path + ".tier", line.tier(), out);
        if (line.effectiveFrom() != null && line.effectiveTo() != null
                && line.effectiveFrom().isAfter(line.effectiveTo())) {
            out.add(new Violation(path + ".effectiveTo", "EFFECTIVE_PERIOD_INVERTED", path + " ends ("
                    + line.effectiveTo() + ") before it starts (" + line.effectiveFrom() + ")"));
        }
    }

    /** A reference names a golden id or a source id; whether it resolves is checked on the resulting record. */
    private static void ref(String field, Ref ref, List<Violation> out) {
        if (ref == null) {
            return;
        }
        if (ref.id() == null && ref.sourceId() == null) {
            out.add(new Violation(field, "REQUIRED", field + " names neither a golden record id nor a source id"));
            return;
        }
        Checks.text(field + ".id", ref.id(), out);
        Checks.text(field + ".sourceId", ref.sourceId(), out);
    }

    private static void address(String path, Address address, List<Violation> out) {
        if (address == null) {
            return;
        }
        Checks.text(path + ".line1", address.line1(), out);
        Checks.text(path + ".line2", address.line2(), out);
        Checks.text(path + ".city", address.city(), out);
        Checks.text(path + ".region", address.region(), out);
        Checks.text(path + ".postalCode", address.postalCode(), out);
        if (address.country() != null && Checks.text(path + ".country", address.country(), out)
                && !Checks.isCountry(address.country())) {
            out.add(new Violation(path + ".country", "COUNTRY_FORMAT", path + ".country must be an ISO 3166-1"
                    + " alpha-2 code (e.g. US), not '" + Checks.show(address.country()) + "'"));
        }
        if ("US".equals(address.country()) && address.postalCode() != null && !address.postalCode().isBlank()
                && !ZIP.matcher(address.postalCode()).matches()) {
            out.add(new Violation(path + ".postalCode", "POSTAL_CODE_FORMAT", path + ".postalCode of a US address"
                    + " is a ZIP code (NNNNN or NNNNN-NNNN), not '" + Checks.show(address.postalCode()) + "'"));
        }
        if (address.line1() == null && address.line2() == null && address.city() == null
                && address.postalCode() == null) {
            out.add(new Violation(path, "ADDRESS_INCOMPLETE", path + " needs at least a street line, a city or a"
                    + " postal code"));
        }
    }

    private static void bankAccount(BankAccount account, List<Violation> out) {
        if (account == null) {
            return;
        }
        String path = "bankAccount";
        Checks.text(path + ".accountHolder", account.accountHolder(), out);
        Checks.text(path + ".bankName", account.bankName(), out);
        // never echo account numbers in messages: they end up in logs and GraphQL errors
        String routing = account.routingNumber();
        if (routing != null && Checks.text(path + ".routingNumber", routing, out)) {
            if (!ROUTING_NUMBER.matcher(routing).matches()) {
                out.add(new Violation(path + ".routingNumber", "ROUTING_NUMBER_FORMAT",
                        "a US routing (ABA) number has exactly 9 digits"));
            } else if (!abaChecksumValid(routing)) {
                out.add(new Violation(path + ".routingNumber", "ROUTING_NUMBER_CHECK_DIGIT",
                        "the routing (ABA) number's check digit is wrong"));
            }
        }
        String number = account.accountNumber();
        if (number != null && Checks.text(path + ".accountNumber", number, out)
                && !ACCOUNT_NUMBER.matcher(number).matches()) {
            out.add(new Violation(path + ".accountNumber", "ACCOUNT_NUMBER_FORMAT",
                    "an account number has 4 to 34 letters, digits or dashes"));
        }
        String iban = account.iban();
        if (iban != null && Checks.text(path + ".iban", iban, out)) {
            if (!IBAN.matcher(iban).matches()) {
                out.add(new Violation(path + ".iban", "IBAN_FORMAT",
                        "an IBAN is a country code, 2 check digits and 11 to 30 letters or digits"));
            } else if (!ibanChecksumValid(iban)) {
                out.add(new Violation(path + ".iban", "IBAN_CHECK_DIGITS", "the IBAN's check digits are wrong"));
            }
        }
        Checks.currency(path + ".currency", account.currency(), out);
        boolean domestic = routing != null && number != null;
        if (!domestic && iban == null) {
            out.add(new Violation(path, "BANK_ACCOUNT_INCOMPLETE",
                    "a bank account needs a routing number and an account number, or an IBAN"));
        }
    }

    static boolean abaChecksumValid(String routing) {
        int[] d = routing.chars().map(c -> c - '0').toArray();
        int sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
        return sum % 10 == 0;
    }

    static boolean ibanChecksumValid(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    private static void contact(String path, Contact contact, List<Violation> out) {
        if (contact == null) {
            out.add(new Violation(path, "REQUIRED", path + " is empty"));
            return;
        }
        Checks.required(path + ".name", contact.name(), "on a contact", out);
        Checks.text(path + ".name", contact.name(), out);
        Checks.text(path + ".role", contact.role(), out);
        String email = contact.email();
        if (email != null && Checks.text(path + ".email", email, out)
                && !EMAIL.matcher(email).matches()) {
            out.add(new Violation(path + ".email", "EMAIL_FORMAT",
                    path + ".email is not an e-mail address: '" + Checks.show(email) + "'"));
        }
        String phone = contact.phone();
        if (phone != null && Checks.text(path + ".phone", phone, out)
                && !(PHONE.matcher(phone).matches()
                && phone.chars().filter(Character::isDigit).count() >= 7)) {
            out.add(new Violation(path + ".phone", "PHONE_FORMAT",
                    path + ".phone is not a telephone number: '" + Checks.show(phone) + "'"));
        }
    }
}
