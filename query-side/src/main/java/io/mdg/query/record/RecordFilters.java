package io.mdg.query.record;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;

import io.mdg.api.EntityType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;
import io.mdg.api.record.ContractFilter;
import io.mdg.api.record.ItemFilter;
import io.mdg.api.record.LocationFilter;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.SupplierFilter;
import io.mdg.rules.record.RecordRules;

/**
 * Translates a {@link RecordFilter} into a MongoDB filter on the record documents of {@link RecordStore}, and names
 * the indexes that serve those filters on a real MongoDB.
 *
 * <p>Identifier values are normalised exactly as the command side normalises submissions ({@link RecordRules}), so
 * that a filter finds what was stored: a GTIN of 8, 12 or 13 digits matches its 14-digit form, a tax id without its
 * dash matches, a HIN or HIBC code matches in any case. Text conditions are case-insensitive "contains" on the
 * escaped text (no pattern syntax reaches the store).
 *
 * <p>Indexes: every equality path has an index, those that page in id order a compound one ending in {@code _id}
 * (equality, then the sort). A "contains" condition cannot use a B-tree index as a seek, so names are scanned
 * (bounded by the other conditions when given). mongo-java-server ignores non-unique indexes and serves only
 * {@code _id} lookups from its index: there every filter is a scan of the type's collection.
 */
final class RecordFilters {

    static final String ATTRIBUTES = RecordStore.ATTRIBUTES + ".";
    static final String PARENT_ID = ATTRIBUTES + "parent.id";

    /** The indexes of each type's collection beyond {@code _id} and {@code status, _id}. */
    static final Map<EntityType, List<Bson>> INDEXES = Map.of(
            EntityType.SUPPLIER, List.of(
                    Indexes.ascending(ATTRIBUTES + "taxId"),
                    Indexes.ascending(ATTRIBUTES + "duns"),
                    Indexes.ascending(ATTRIBUTES + "gln")),
            EntityType.ITEM, List.of(
                    Indexes.ascending(ATTRIBUTES + "packaging.gtin"),
                    Indexes.ascending(ATTRIBUTES + "udiDi"),
                    Indexes.ascending(ATTRIBUTES + "hibcCode"),
                    Indexes.ascending(ATTRIBUTES + "manufacturerPartNumber"),
                    Indexes.ascending(ATTRIBUTES + "itemClass", RecordStore.ID),
                    Indexes.ascending(ATTRIBUTES + "manufacturer.id", RecordStore.ID)),
            EntityType.CONTRACT, List.of(
                    Indexes.ascending(ATTRIBUTES + "contractNumber"),
                    Indexes.ascending(ATTRIBUTES + "supplier.id", RecordStore.ID),
                    Indexes.ascending(ATTRIBUTES + "lines.item.id"),
                    Indexes.ascending(ATTRIBUTES + "contractType", RecordStore.ID)),
            EntityType.LOCATION, List.of(
                    Indexes.ascending(ATTRIBUTES + "gln"),
                    Indexes.ascending(ATTRIBUTES + "hin"),
                    Indexes.ascending(ATTRIBUTES + "locationType", RecordStore.ID),
                    Indexes.ascending(PARENT_ID, RecordStore.ID)));

    private RecordFilters() {
    }

    /** The conditions of the filter, without paging; an empty list matches every record. */
    static List<Bson> conditions(RecordFilter filter) {
        List<Bson> conditions = new ArrayList<>();
        if (filter.status() != null) {
            conditions.add(Filters.eq(RecordStore.STATUS, filter.status().name()));
        }
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

    /** The filter as one MongoDB filter (an empty document for none). */
    static Bson toBson(List<Bson> conditions) {
        if (conditions.isEmpty()) {
            return new Document();
        }
        return conditions.size() == 1 ? conditions.get(0) : Filters.and(conditions);
    }

    private static void supplier(SupplierFilter f, List<Bson> conditions) {
        SupplierAttributes normal = RecordRules.normalize(
                new SupplierAttributes(null, null, f.taxId(), f.duns(), f.gln(), null, null, null, null, null));
        if (f.text() != null) {
            Pattern text = contains(f.text());
            conditions.add(Filters.or(Filters.regex(ATTRIBUTES + "legalName", text),
                    Filters.regex(ATTRIBUTES + "tradingNames", text)));
        }
        equal(conditions, "taxId", normal.taxId());
        equal(conditions, "duns", normal.duns());
        equal(conditions, "gln", normal.gln());
    }

    private static void item(ItemFilter f, List<Bson> conditions) {
        if (f.text() != null) {
            conditions.add(Filters.regex(ATTRIBUTES + "description", contains(f.text())));
        }
        if (f.gtin() != null) {
            ItemAttributes normal = RecordRules.normalize(new ItemAttributes(null, null, null, null, null, null, null,
                    null, List.of(new PackagingLevel(null, null, null, f.gtin())), null, null, null, null));
            conditions.add(Filters.eq(ATTRIBUTES + "packaging.gtin", normal.packaging().get(0).gtin()));
        }
        if (f.udiDi() != null) {
            // stored padded only when issued by GS1 (a GTIN): either form may be the stored one
            Set<String> forms = new LinkedHashSet<>();
            for (UdiAgency agency : new UdiAgency[]{null, UdiAgency.GS1}) {
                forms.add(RecordRules.normalize(new ItemAttributes(null, null, null, f.udiDi(), agency, null, null,
                        null, null, null, null, null, null)).udiDi());
            }
            conditions.add(Filters.in(ATTRIBUTES + "udiDi", forms));
        }
        if (f.hibcCode() != null) {
            equal(conditions, "hibcCode", RecordRules.normalize(new ItemAttributes(null, null, null, null, null,
                    f.hibcCode(), null, null, null, null, null, null, null)).hibcCode());
        }
        equal(conditions, "manufacturerPartNumber", strip(f.manufacturerPartNumber()));
        equal(conditions, "itemClass", f.itemClass() == null ? null : f.itemClass().name());
        equal(conditions, "manufacturer.id", strip(f.manufacturerId()));
    }

    private static void contract(ContractFilter f, List<Bson> conditions) {
        equal(conditions, "contractNumber", strip(f.contractNumber()));
        equal(conditions, "supplier.id", strip(f.supplierId()));
        equal(conditions, "lines.item.id", strip(f.itemId()));
        equal(conditions, "contractType", f.contractType() == null ? null : f.contractType().name());
    }

    private static void location(LocationFilter f, List<Bson> conditions) {
        LocationAttributes normal = RecordRules.normalize(
                new LocationAttributes(null, null, null, f.gln(), f.hin(), null, null, null, null));
        if (f.text() != null) {
            conditions.add(Filters.regex(ATTRIBUTES + "name", contains(f.text())));
        }
        equal(conditions, "gln", normal.gln());
        equal(conditions, "hin", normal.hin());
        equal(conditions, "locationType", f.locationType() == null ? null : f.locationType().name());
        equal(conditions, "parent.id", strip(f.parentId()));
    }

    private static void equal(List<Bson> conditions, String attributePath, String value) {
        if (value != null) {
            conditions.add(Filters.eq(ATTRIBUTES + attributePath, value));
        }
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
