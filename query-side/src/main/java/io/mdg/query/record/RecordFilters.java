package io.mdg.query.record;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;
import io.mdg.api.record.ContractFilter;
import io.mdg.api.record.ItemFilter;
import io.mdg.api.record.LocationFilter;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SupplierFilter;
import io.mdg.rules.record.RecordRules;

/**
 * The attribute conditions of a {@link RecordFilter}, in a form every adapter of the {@link RecordReadModel} applies:
 * the memory adapter tests them on the records ({@link #matches}), the MongoDB adapter translates them into a query
 * on its documents (by {@link Condition#path()}).
 *
 * <p>Identifier values are normalised exactly as the command side normalises submissions ({@link RecordRules}), so
 * that a filter finds what was stored: a GTIN of 8, 12 or 13 digits matches its 14-digit form, a tax id without its
 * dash matches, a HIN or HIBC code matches in any case. Text conditions are case-insensitive "contains" on the
 * escaped text (no pattern syntax reaches the store). A condition on a list (trading names, packaging levels,
 * contract lines) holds when it holds for one of its elements.
 */
public final class RecordFilters {

    private RecordFilters() {
    }

    /**
     * One condition on the attributes: the value at {@code path} (the attribute path in the stored document, e.g.
     * {@code packaging.gtin}; several paths: any of them) equals one of {@code values}, or, with a {@code pattern},
     * contains it. {@code value} reads the same path from an attribute record (a String, or a list of them).
     */
    public record Condition(List<String> paths, Set<String> values, Pattern pattern,
                            Function<MasterAttributes, Object> value) {

        boolean matches(MasterAttributes attributes) {
            Object found = value.apply(attributes);
            if (found instanceof Collection<?> many) {
                for (Object one : many) {
                    if (test(one)) {
                        return true;
                    }
                }
                return false;
            }
            return test(found);
        }

        private boolean test(Object value) {
            if (!(value instanceof String text)) {
                return false;
            }
            return pattern != null ? pattern.matcher(text).find() : values.contains(text);
        }
    }

    /** The attribute conditions of the filter (its status condition aside); none matches every record. */
    public static List<Condition> conditions(RecordFilter filter) {
        List<Condition> conditions = new ArrayList<>();
        if (filter instanceof SupplierFilter f) {
            supplier(f, conditions);
        } else if (filter instanceof ItemFilter f) {
            item(f, conditions);
        } else if (filter instanceof ContractFilter f) {
            contract(f, conditions);
        } else if (filter instanceof LocationFilter f) {
            location(f, conditions);
        }
        return conditions;
    }

    /** Whether a record of the filter's type matches its status and every condition. */
    public static boolean matches(RecordFilter filter, List<Condition> conditions, RecordView record) {
        if (filter.status() != null && record.status() != filter.status()) {
            return false;
        }
        for (Condition condition : conditions) {
            if (!condition.matches(record.attributes())) {
                return false;
            }
        }
        return true;
    }

    private static void supplier(SupplierFilter f, List<Condition> conditions) {
        SupplierAttributes normal = RecordRules.normalize(
                new SupplierAttributes(null, null, f.taxId(), f.duns(), f.gln(), null, null, null, null, null));
        if (f.text() != null) {
            conditions.add(new Condition(List.of("legalName", "tradingNames"), null, contains(f.text()),
                    a -> names((SupplierAttributes) a)));
        }
        equal(conditions, "taxId", normal.taxId(), a -> ((SupplierAttributes) a).taxId());
        equal(conditions, "duns", normal.duns(), a -> ((SupplierAttributes) a).duns());
        equal(conditions, "gln", normal.gln(), a -> ((SupplierAttributes) a).gln());
    }

    private static List<String> names(SupplierAttributes supplier) {
        List<String> names = new ArrayList<>();
        names.add(supplier.legalName());
        if (supplier.tradingNames() != null) {
            names.addAll(supplier.tradingNames());
        }
        return names;
    }

    private static void item(ItemFilter f, List<Condition> conditions) {
        if (f.text() != null) {
            conditions.add(new Condition(List.of("description"), null, contains(f.text()),
                    a -> ((ItemAttributes) a).description()));
        }
        if (f.gtin() != null) {
            ItemAttributes normal = RecordRules.normalize(new ItemAttributes(null, null, null, null, null, null, null,
                    null, List.of(new PackagingLevel(null, null, null, f.gtin())), null, null, null, null));
            equal(conditions, "packaging.gtin", normal.packaging().get(0).gtin(), a -> gtins((ItemAttributes) a));
        }
        if (f.udiDi() != null) {
            // stored padded only when issued by GS1 (a GTIN): either form may be the stored one
            Set<String> forms = new LinkedHashSet<>();
            for (UdiAgency agency : new UdiAgency[]{null, UdiAgency.GS1}) {
                forms.add(RecordRules.normalize(new ItemAttributes(null, null, null, f.udiDi(), agency, null, null,
                        null, null, null, null, null, null)).udiDi());
            }
            conditions.add(new Condition(List.of("udiDi"), forms, null, a -> ((ItemAttributes) a).udiDi()));
        }
        if (f.hibcCode() != null) {
            equal(conditions, "hibcCode", RecordRules.normalize(new ItemAttributes(null, null, null, null, null,
                    f.hibcCode(), null, null, null, null, null, null, null)).hibcCode(),
                    a -> ((ItemAttributes) a).hibcCode());
        }
        equal(conditions, "manufacturerPartNumber", strip(f.manufacturerPartNumber()),
                a -> ((ItemAttributes) a).manufacturerPartNumber());
        equal(conditions, "itemClass", f.itemClass() == null ? null : f.itemClass().name(),
                a -> name(((ItemAttributes) a).itemClass()));
        equal(conditions, "manufacturer.id", strip(f.manufacturerId()), a -> id(((ItemAttributes) a).manufacturer()));
    }

    private static List<String> gtins(ItemAttributes item) {
        List<String> gtins = new ArrayList<>();
        if (item.packaging() != null) {
            for (PackagingLevel level : item.packaging()) {
                if (level != null) {
                    gtins.add(level.gtin());
                }
            }
        }
        return gtins;
    }

    private static void contract(ContractFilter f, List<Condition> conditions) {
        equal(conditions, "contractNumber", strip(f.contractNumber()),
                a -> ((ContractAttributes) a).contractNumber());
        equal(conditions, "supplier.id", strip(f.supplierId()), a -> id(((ContractAttributes) a).supplier()));
        equal(conditions, "lines.item.id", strip(f.itemId()), a -> lineItems((ContractAttributes) a));
        equal(conditions, "contractType", f.contractType() == null ? null : f.contractType().name(),
                a -> name(((ContractAttributes) a).contractType()));
    }

    private static List<String> lineItems(ContractAttributes contract) {
        List<String> items = new ArrayList<>();
        if (contract.lines() != null) {
            for (ContractLine line : contract.lines()) {
                if (line != null) {
                    items.add(id(line.item()));
                }
            }
        }
        return items;
    }

    private static void location(LocationFilter f, List<Condition> conditions) {
        LocationAttributes normal = RecordRules.normalize(
                new LocationAttributes(null, null, null, f.gln(), f.hin(), null, null, null, null));
        if (f.text() != null) {
            conditions.add(new Condition(List.of("name"), null, contains(f.text()),
                    a -> ((LocationAttributes) a).name()));
        }
        equal(conditions, "gln", normal.gln(), a -> ((LocationAttributes) a).gln());
        equal(conditions, "hin", normal.hin(), a -> ((LocationAttributes) a).hin());
        equal(conditions, "locationType", f.locationType() == null ? null : f.locationType().name(),
                a -> name(((LocationAttributes) a).locationType()));
        equal(conditions, "parent.id", strip(f.parentId()), a -> id(((LocationAttributes) a).parent()));
    }

    private static void equal(List<Condition> conditions, String path, String value,
                              Function<MasterAttributes, Object> read) {
        if (value != null) {
            conditions.add(new Condition(List.of(path), Set.of(value), null, read));
        }
    }

    static String id(Ref ref) {
        return ref == null ? null : ref.id();
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    /**
     * A case-insensitive "contains" pattern for the text, every character that has a meaning in a pattern escaped
     * (by hand rather than with {@code \Q...\E}, which not every regular-expression engine of a store knows).
     */
    static Pattern contains(String text) {
        String needle = text.strip();
        if (needle.length() > RecordFilter.MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("a text condition has at most " + RecordFilter.MAX_TEXT_LENGTH
                    + " characters");
        }
        StringBuilder escaped = new StringBuilder(needle.length() * 2);
        for (char c : needle.toCharArray()) {
            if ("\\^$.|?*+()[]{}-#/".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return Pattern.compile(escaped.toString(), Pattern.CASE_INSENSITIVE);
    }
}
