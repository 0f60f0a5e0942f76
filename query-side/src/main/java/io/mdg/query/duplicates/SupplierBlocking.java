package io.mdg.query.duplicates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;


import io.mdg.api.EntityType;
import io.mdg.api.model.Address;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.query.record.RecordAttributesListener;
import io.mdg.rules.similarity.SupplierSimilarity;

/**
 * Blocking keys for supplier duplicate detection, so that candidates are compared only within small blocks and
 * never all suppliers with all others. A supplier is in the block of
 * <ul>
 *   <li>the first four characters (spaces left out) of each of its normalised names, legal and trading
 *       ({@code N|acme}, see {@link SupplierSimilarity#normalizeName});</li>
 *   <li>its ordering address's postal code ({@code P|US|02139}; US ZIP+4 codes by their first five digits);</li>
 *   <li>each identifier it has ({@code I|TAX_ID|..}, {@code I|DUNS|..}, {@code I|GLN|..}): a shared identifier is a
 *       strong reason on its own.</li>
 * </ul>
 * The blocks are kept in {@link SupplierBlocks}, changed only by set operations (idempotent) and read by key only.
 * The keys of a supplier follow from its attributes, so none are stored per supplier: the {@link io.mdg.query.record.RecordProjection} tells this
 * class of every change with the attributes before and after, once per new event.
 *
 * <p>A block with more than {@link #MAX_BLOCK_SIZE} suppliers (a very common name prefix) tells nothing and is left
 * out when candidates are looked up; the other keys of its suppliers still apply. Such a block is marked
 * {@code full} and its member list dropped as soon as more suppliers are added to it than the limit, and nothing is
 * added to or removed from it afterwards (a large block costs nothing more; see {@link SupplierBlocks#add}).
 */
@Component
@Profile("query")
public class SupplierBlocking implements RecordAttributesListener {

    /** Blocks larger than this are not used to find candidates. */
    public static final int MAX_BLOCK_SIZE = 1_000;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern POSTAL_SPACING = Pattern.compile("[\\s-]");

    static final int NAME_KEY_LENGTH = 4;

    private final SupplierBlocks blocks;
    private final int maxBlockSize;

    @Autowired
    public SupplierBlocking(SupplierBlocks blocks) {
        this(blocks, MAX_BLOCK_SIZE);
    }

    SupplierBlocking(SupplierBlocks blocks, int maxBlockSize) {
        this.blocks = blocks;
        this.maxBlockSize = maxBlockSize;
    }

    @Override
    public boolean follows(EntityType type) {
        return type == EntityType.SUPPLIER;
    }

    @Override
    public void attributesChanging(EntityType type, String recordId, MasterAttributes before, MasterAttributes after) {
        Set<String> old = before instanceof SupplierAttributes supplier ? keys(supplier) : Set.of();
        Set<String> now = after instanceof SupplierAttributes supplier ? keys(supplier) : Set.of();
        for (String key : now) {
            if (!old.contains(key)) {
                blocks.add(key, recordId, maxBlockSize);
            }
        }
        for (String key : old) {
            if (!now.contains(key)) {
                blocks.remove(key, recordId);
            }
        }
    }

    @Override
    public void reset() {
        blocks.dropAll();
    }

    /** The suppliers in the given blocks, leaving out blocks too large to tell anything. */
    public Set<String> members(Collection<String> blockKeys) {
        Set<String> ids = new LinkedHashSet<>();
        if (blockKeys.isEmpty()) {
            return ids;
        }
        for (SupplierBlocks.Block block : blocks.blocks(blockKeys)) {
            if (!block.full() && block.ids().size() <= maxBlockSize) {
                ids.addAll(block.ids());
            }
        }
        return ids;
    }

    /**
     * Every block with two to {@link #MAX_BLOCK_SIZE} suppliers, one at a time (a scan of the blocks, not a
     * comparison of every supplier with every other).
     */
    public void forEachBlock(Consumer<List<String>> action) {
        blocks.forEach(block -> {
            if (!block.full() && block.ids().size() > 1 && block.ids().size() <= maxBlockSize) {
                action.accept(block.ids());
            }
        });
    }

    /** The blocks a supplier is in. */
    public static Set<String> keys(SupplierAttributes supplier) {
        Set<String> keys = new LinkedHashSet<>();
        if (supplier.legalName() != null) {
            keys.addAll(nameKeys(List.of(supplier.legalName())));
        }
        keys.addAll(nameKeys(supplier.tradingNames()));
        keys.addAll(postalKeys(supplier.orderingAddress()));
        identifierKey("TAX_ID", supplier.taxId(), keys);
        identifierKey("DUNS", supplier.duns(), keys);
        identifierKey("GLN", supplier.gln(), keys);
        return keys;
    }

    private static void identifierKey(String kind, String value, Set<String> keys) {
        if (value != null && !value.isBlank()) {
            keys.add("I|" + kind + "|" + value.strip());
        }
    }

    /** {@code N|} and the first four characters (spaces left out) of each normalised name. */
    static List<String> nameKeys(List<String> names) {
        List<String> result = new ArrayList<>();
        if (names == null) {
            return result;
        }
        for (String name : names) {
            if (name == null) {
                continue;
            }
            String normalised = SupplierSimilarity.normalizeName(name);
            String compact = normalised == null ? "" : WHITESPACE.matcher(normalised).replaceAll("");
            if (!compact.isEmpty()) {
                String key = "N|" + compact.substring(0, Math.min(NAME_KEY_LENGTH, compact.length()));
                if (!result.contains(key)) {
                    result.add(key);
                }
            }
        }
        return result;
    }

    /** {@code P|country|code} of an address's postal code, upper case without spaces and dashes. */
    static List<String> postalKeys(Address address) {
        if (address == null || address.postalCode() == null) {
            return List.of();
        }
        String country = address.country() == null ? "" : address.country().strip().toUpperCase(Locale.ROOT);
        String code = POSTAL_SPACING.matcher(address.postalCode().toUpperCase(Locale.ROOT)).replaceAll("");
        if (code.isEmpty()) {
            return List.of();
        }
        if ((country.isEmpty() || country.equals("US")) && code.length() > 5
                && code.substring(0, 5).chars().allMatch(Character::isDigit)) {
            code = code.substring(0, 5);
        }
        return List.of("P|" + country + "|" + code);
    }
}
