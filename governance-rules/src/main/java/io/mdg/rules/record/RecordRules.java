package io.mdg.rules.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;
import io.mdg.rules.Violation;
import io.mdg.rules.identifier.Duns;
import io.mdg.rules.identifier.HibcCode;
import io.mdg.rules.identifier.TaxId;

/**
 * The rules every golden record obeys, in three steps the command side runs in order:
 * <ol>
 *   <li>{@link #normalize}: the submitted values in canonical form (never throws, never drops a value);</li>
 *   <li>{@link #checkValues}: the format of every value sent, each attribute on its own (identifiers, lengths,
 *       packaging hierarchy, price lines);</li>
 *   <li>{@link #checkRecord}: the invariants of the golden record that would result from merging the values into
 *       the current record (required attributes of a new record, cross-attribute rules such as implants needing a
 *       UDI-DI, contract periods and overlapping prices, the location tree) and its references to other records.</li>
 * </ol>
 * Violations name the field with a path ({@code packaging[1].gtin}, {@code lines[0].price},
 * {@code bankAccount.routingNumber}), a stable code (listed in RULES.md) and a message a person can act on.
 * Messages never contain bank account numbers.
 */
public final class RecordRules {

    private static final Pattern SPACES = Pattern.compile(" {2,}");
    private static final Pattern SHORT_GTIN = Pattern.compile("\\d{8}|\\d{12,13}");

    private RecordRules() {
    }

    // ---------------------------------------------------------------------------------------------- normalize

    /**
     * The submitted attributes in canonical form: strings trimmed (runs of spaces in names collapsed; a blank
     * string stays {@code ""} so that {@link #checkValues} reports it), GTINs left-padded to 14 digits when they
     * have 8, 12 or 13 digits, a GS1 UDI-DI likewise, HIN, HIBC code, currencies, IBAN and countries in upper
     * case, a valid EIN with its dash, a D-U-N-S number without dashes, units as their codes
     * ({@link Units#canonical}: {@code each} is EA). Invalid values are kept (trimmed) for
     * {@link #checkValues} to report. Never throws; null stays null.
     */
    @SuppressWarnings("unchecked")
    public static <A extends MasterAttributes> A normalize(A submitted) {
        if (submitted == null) {
            return null;
        }
        MasterAttributes result;
        if (submitted instanceof SupplierAttributes s) {
            result = supplier(s);
        } else if (submitted instanceof ItemAttributes i) {
            result = item(i);
        } else if (submitted instanceof ContractAttributes c) {
            result = contract(c);
        } else {
            result = location((LocationAttributes) submitted);
        }
        return (A) result;
    }

    private static SupplierAttributes supplier(SupplierAttributes s) {
        String taxId = strip(s.taxId());
        if (taxId != null && TaxId.isValid(taxId)) {
            taxId = new TaxId(taxId).value();
        }
        String duns = strip(s.duns());
        if (duns != null && Duns.isValid(duns)) {
            duns = new Duns(duns).value();
        }
        BankAccount b = s.bankAccount();
        BankAccount bank = b == null ? null : new BankAccount(name(b.accountHolder()), name(b.bankName()),
                strip(b.routingNumber()), strip(b.accountNumber()), compactUpper(b.iban()), upper(b.currency()));
        return new SupplierAttributes(name(s.legalName()), map(s.tradingNames(), RecordRules::name), taxId, duns,
                strip(s.gln()), address(s.orderingAddress()), address(s.remitToAddress()), bank,
                map(s.contacts(), c -> c == null ? null
                        : new Contact(name(c.name()), name(c.role()), strip(c.email()), strip(c.phone()))),
                s.screeningStatus());
    }

    private static ItemAttributes item(ItemAttributes i) {
        String udi = upper(i.udiDi());
        if (i.udiAgency() == UdiAgency.GS1) {
            udi = padGtin(udi);
        }
        return new ItemAttributes(name(i.description()), ref(i.manufacturer()), strip(i.manufacturerPartNumber()),
                udi, i.udiAgency(), hibc(i.hibcCode()), strip(i.unspsc()), i.itemClass(),
                map(i.packaging(), p -> p == null ? null
                        : new PackagingLevel(Units.canonical(p.unit()), p.quantity(),
                        Units.canonical(p.containsUnit()), padGtin(strip(p.gtin())))),
                i.sterile(), i.latex(), i.implantable(), i.mriSafety());
    }

    private static ContractAttributes contract(ContractAttributes c) {
        return new ContractAttributes(strip(c.contractNumber()), ref(c.supplier()), c.contractType(), strip(c.tier()),
                c.effectiveFrom(), c.effectiveTo(),
                map(c.lines(), l -> l == null ? null
                        : new ContractLine(ref(l.item()), Units.canonical(l.unit()), l.price(), upper(l.currency()),
                        strip(l.tier()), l.effectiveFrom(), l.effectiveTo())));
    }

    private static LocationAttributes location(LocationAttributes l) {
        return new LocationAttributes(name(l.name()), l.locationType(), ref(l.parent()), strip(l.gln()), upper(l.hin()),
                address(l.address()), strip(l.costCentre()), l.storageCondition(), l.replenishmentMethod());
    }

    private static Address address(Address a) {
        return a == null ? null : new Address(name(a.line1()), name(a.line2()), name(a.city()), name(a.region()),
                upper(a.postalCode()), upper(a.country()));
    }

    private static Ref ref(Ref ref) {
        return ref == null ? null : new Ref(strip(ref.id()), strip(ref.sourceId()));
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    /** Trimmed, runs of spaces collapsed (other whitespace is kept for checkValues to refuse). */
    private static String name(String value) {
        return value == null ? null : SPACES.matcher(value.strip()).replaceAll(" ");
    }

    private static String upper(String value) {
        return value == null ? null : value.strip().toUpperCase(Locale.ROOT);
    }

    private static String compactUpper(String value) {
        return value == null ? null : value.replace(" ", "").strip().toUpperCase(Locale.ROOT);
    }

    private static String padGtin(String value) {
        if (value != null && SHORT_GTIN.matcher(value).matches()) {
            return "0".repeat(14 - value.length()) + value;
        }
        return value;
    }

    private static String hibc(String value) {
        if (value == null) {
            return null;
        }
        // the check character may be a space: strip the end only when that is not the case
        String leading = value.stripLeading().toUpperCase(Locale.ROOT);
        if (HibcCode.isValid(leading)) {
            return new HibcCode(leading).value();
        }
        String stripped = leading.strip();
        return HibcCode.isValid(stripped) ? new HibcCode(stripped).value() : stripped;
    }

    private static <T> List<T> map(List<T> values, UnaryOperator<T> f) {
        if (values == null) {
            return null;
        }
        List<T> mapped = new ArrayList<>(values.size());
        for (T value : values) {
            mapped.add(f.apply(value));
        }
        return java.util.Collections.unmodifiableList(mapped);
    }

    // ---------------------------------------------------------------------------------------------- values

    /**
     * The format of every value sent (non-null attributes of {@code submitted}, normally after {@link #normalize}),
     * each attribute on its own: text (BLANK, TOO_LONG, INVALID_CHARACTERS), identifiers (GTIN, GLN, HIN, HIBC,
     * UNSPSC at commodity level, DUNS, EIN), addresses, bank account, contacts, the packaging hierarchy (units from
     * {@link Units#CONTROLLED}, one base level, positive quantities, no cycles, no duplicate units or GTINs) and
     * price lines (unit, price &gt; 0 with at most 4 decimals, ISO currency, own period). Rules that need other
     * attributes or other records (e.g. the UDI-DI against its agency) are in {@link #checkRecord}.
     */
    public static List<Violation> checkValues(MasterAttributes submitted) {
        Objects.requireNonNull(submitted, "submitted");
        List<Violation> out = new ArrayList<>();
        if (submitted instanceof SupplierAttributes s) {
            ValueChecks.supplier(s, out);
        } else if (submitted instanceof ItemAttributes i) {
            ValueChecks.item(i, out);
        } else if (submitted instanceof ContractAttributes c) {
            ValueChecks.contract(c, out);
        } else {
            ValueChecks.location((LocationAttributes) submitted, out);
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------------------------------------- record

    /**
     * The invariants of the golden record that would result ({@code resulting} = current record merged with the
     * normalised submission), and its references, looked up through {@code lookup}:
     * <ul>
     *   <li>required attributes of a new record (supplier legalName; item description and itemClass; contract
     *       contractNumber, supplier, contractType, effectiveFrom, effectiveTo; location name and locationType);</li>
     *   <li>items: the UDI-DI valid for its agency (which is then required), implants need a UDI-DI and implantable
     *       devices an MRI safety labelling; the manufacturer an existing SUPPLIER, not RETIRED;</li>
     *   <li>contracts: effectiveFrom &lt;= effectiveTo; the supplier an ACTIVE SUPPLIER not EXCLUDED by screening;
     *       each line's item an ITEM not RETIRED, its unit a level of that item's packaging, its period inside the
     *       contract's; no two lines for the same (item, tier, unit) in overlapping periods (a line without tier or
     *       period has the contract's);</li>
     *   <li>locations: a NETWORK has no parent, every other type has one; the parent a LOCATION not RETIRED,
     *       higher in the tree ({@code LocationType.level()} smaller), and the record not among its ancestors.</li>
     * </ul>
     * A reference without golden id (not resolved from its source id) is REFERENCE_UNRESOLVED.
     *
     * @param recordId the golden record's id (may be null for a new record that has none yet)
     */
    public static List<Violation> checkRecord(String recordId, MasterAttributes resulting, boolean isNew,
                                              ReferenceLookup lookup) {
        Objects.requireNonNull(resulting, "resulting");
        Objects.requireNonNull(lookup, "lookup");
        List<Violation> out = new ArrayList<>();
        RecordChecks checks = new RecordChecks(recordId, lookup, out);
        if (resulting instanceof SupplierAttributes s) {
            checks.supplier(s, isNew);
        } else if (resulting instanceof ItemAttributes i) {
            checks.item(i, isNew);
        } else if (resulting instanceof ContractAttributes c) {
            checks.contract(c, isNew);
        } else {
            checks.location((LocationAttributes) resulting, isNew);
        }
        return List.copyOf(out);
    }
}
