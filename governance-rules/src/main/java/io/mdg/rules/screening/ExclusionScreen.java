package io.mdg.rules.screening;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.mdg.api.model.Address;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.screening.ExclusionEntry;
import io.mdg.api.screening.ScreeningHit;
import io.mdg.rules.similarity.SupplierSimilarity;

/**
 * Screens suppliers against the entries of one exclusion list that are in force on the list's date (an entry
 * reinstated by then does not count). A supplier hits an entry when:
 * <ul>
 *   <li>both have a tax id and it is the same (the public LEIE and SAM extracts carry none, so names and addresses
 *       matter); or</li>
 *   <li>a name of the supplier (legal or trading) and the entry's name are similar, normalised as for duplicate
 *       candidates ({@link SupplierSimilarity#nameTokens}: legal suffixes, punctuation, case, accents), to at least
 *       {@link ScreeningRules#nameMinScore} and an address of the supplier (ordering or remit-to) agrees with the
 *       entry's: the same 5-digit ZIP, or the same city and state; or</li>
 *   <li>the names are similar to at least {@link ScreeningRules#nameAloneMinScore}, whatever the address.</li>
 * </ul>
 * Each hit carries its reasons (which fields matched how, and the score). Built once per list: the entries are
 * indexed by tax id and by the first four letters of each name token (blocking), so a supplier is compared with the
 * entries that share a name token's beginning only, never with the whole list; a block of more than
 * {@value #LARGE_BLOCK} entries (a very common word) is used only when the supplier's name has no smaller one.
 */
public final class ExclusionScreen {

    static final int LARGE_BLOCK = 5_000;
    private static final int PREFIX = 4;

    private record Indexed(ExclusionEntry entry, List<String> tokens, String taxId, String zip, String city,
                           String state) {
    }

    private final ScreeningRules rules;
    private final List<Indexed> entries = new ArrayList<>();
    private final Map<String, List<Integer>> byTaxId = new HashMap<>();
    private final Map<String, List<Integer>> byPrefix = new HashMap<>();

    public ExclusionScreen(List<ExclusionEntry> list, LocalDate listDate, ScreeningRules rules) {
        this.rules = rules;
        for (ExclusionEntry entry : list) {
            if (!entry.inForceOn(listDate)) {
                continue;
            }
            int index = entries.size();
            List<String> tokens = SupplierSimilarity.nameTokens(entry.name());
            Indexed indexed = new Indexed(entry, tokens, digits(entry.taxId()), zip5(entry.zip()), word(entry.city()),
                    word(entry.state()));
            entries.add(indexed);
            if (!indexed.taxId().isEmpty()) {
                byTaxId.computeIfAbsent(indexed.taxId(), k -> new ArrayList<>()).add(index);
            }
            for (String prefix : prefixes(tokens)) {
                byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(index);
            }
        }
    }

    /**
     * What the matching reads of a supplier, normalised as it compares them: the names' tokens (legal and trading),
     * the tax id's letters and digits, and of each address (ordering, remit-to) the 5-digit ZIP, the city and the
     * state. Two suppliers with equal facts screen alike, so a change that leaves them equal (a street line, a bank
     * account, a name's case or punctuation) need not be screened again.
     */
    public record ScreenedFacts(List<List<String>> names, String taxId, List<List<String>> addresses) {
    }

    /** The facts of {@code supplier} the matching reads (also of partial attributes: what is absent is empty). */
    public static ScreenedFacts screenedFacts(SupplierAttributes supplier) {
        List<List<String>> addresses = new ArrayList<>();
        for (Address address : new Address[] {supplier.orderingAddress(), supplier.remitToAddress()}) {
            addresses.add(address == null ? List.of()
                    : List.of(zip5(address.postalCode()), word(address.city()), word(address.region())));
        }
        return new ScreenedFacts(names(supplier).stream().map(SupplierSimilarity::nameTokens).toList(),
                digits(supplier.taxId()), addresses);
    }

    /** The entries in force (those screened against). */
    public int inForce() {
        return entries.size();
    }

    /** The supplier's hits, best first; empty when it is clear. */
    public List<ScreeningHit> screen(SupplierAttributes supplier) {
        List<String> names = names(supplier);
        List<List<String>> nameTokens = names.stream().map(SupplierSimilarity::nameTokens).toList();
        String taxId = digits(supplier.taxId());
        Set<Integer> candidates = new LinkedHashSet<>();
        if (!taxId.isEmpty()) {
            candidates.addAll(byTaxId.getOrDefault(taxId, List.of()));
        }
        for (List<String> tokens : nameTokens) {
            List<List<Integer>> blocks = prefixes(tokens).stream().map(p -> byPrefix.getOrDefault(p, List.of()))
                    .filter(b -> !b.isEmpty()).toList();
            List<List<Integer>> small = blocks.stream().filter(b -> b.size() <= LARGE_BLOCK).toList();
            if (!small.isEmpty()) {
                small.forEach(candidates::addAll);
            } else {
                blocks.stream().min(Comparator.comparingInt(List::size)).ifPresent(candidates::addAll);
            }
        }
        List<Address> addresses = new ArrayList<>();
        for (Address address : new Address[] {supplier.orderingAddress(), supplier.remitToAddress()}) {
            if (address != null) {
                addresses.add(address);
            }
        }
        List<ScreeningHit> hits = new ArrayList<>();
        for (int index : candidates) {
            ScreeningHit hit = compare(entries.get(index), names, nameTokens, taxId, addresses);
            if (hit != null) {
                hits.add(hit);
            }
        }
        hits.sort(Comparator.comparingDouble(ScreeningHit::score).reversed()
                .thenComparing(h -> h.entry().entryKey()));
        return hits;
    }

    private static List<String> names(SupplierAttributes supplier) {
        List<String> names = new ArrayList<>();
        if (supplier.legalName() != null && !supplier.legalName().isBlank()) {
            names.add(supplier.legalName().strip());
        }
        if (supplier.tradingNames() != null) {
            supplier.tradingNames().stream().filter(n -> n != null && !n.isBlank()).map(String::strip)
                    .forEach(names::add);
        }
        return names;
    }

    private ScreeningHit compare(Indexed entry, List<String> names, List<List<String>> nameTokens, String taxId,
                                 List<Address> addresses) {
        List<String> reasons = new ArrayList<>();
        boolean sameTaxId = !taxId.isEmpty() && taxId.equals(entry.taxId());
        if (sameTaxId) {
            reasons.add("same tax id " + entry.entry().taxId());
        }
        double best = 0;
        String bestName = null;
        for (int i = 0; i < names.size(); i++) {
            double score = SupplierSimilarity.tokenSimilarity(nameTokens.get(i), entry.tokens());
            if (score > best + 1e-9) {
                best = score;
                bestName = names.get(i);
            }
        }
        String what = entry.entry().individual() ? "individual's name" : "business name";
        if (bestName != null && best >= rules.nameMinScore()) {
            reasons.add(best >= 0.999 ? "same " + what + ": '" + bestName + "' and '" + entry.entry().name() + "'"
                    : "similar " + what + " " + format(best) + ": '" + bestName + "' and '" + entry.entry().name()
                    + "'");
        }
        String address = addressAgreement(entry, addresses);
        if (address != null) {
            reasons.add(address);
        }
        boolean nameAndAddress = best >= rules.nameMinScore() && address != null;
        boolean nameAlone = best >= rules.nameAloneMinScore();
        if (!sameTaxId && !nameAndAddress && !nameAlone) {
            return null;
        }
        if (nameAlone && address == null && !addresses.isEmpty() && !entry.zip().isEmpty()) {
            reasons.add("address differs (entry ZIP " + entry.entry().zip() + "); the name alone is close enough");
        }
        reasons.add("excluded" + (entry.entry().excludedOn() == null ? "" : " since " + entry.entry().excludedOn())
                + (entry.entry().exclusionType() == null ? "" : " (" + entry.entry().exclusionType() + ")")
                + ", list line " + entry.entry().line());
        return new ScreeningHit(entry.entry(), sameTaxId ? 1.0 : round(best), reasons);
    }

    private static String addressAgreement(Indexed entry, List<Address> addresses) {
        for (Address address : addresses) {
            String zip = zip5(address.postalCode());
            if (!zip.isEmpty() && zip.equals(entry.zip())) {
                return "same ZIP " + entry.entry().zip();
            }
        }
        for (Address address : addresses) {
            if (!entry.city().isEmpty() && !entry.state().isEmpty() && entry.city().equals(word(address.city()))
                    && entry.state().equals(word(address.region()))) {
                return "same city and state " + entry.entry().city() + ", " + entry.entry().state();
            }
        }
        return null;
    }

    private static List<String> prefixes(List<String> tokens) {
        return tokens.stream().map(t -> t.length() <= PREFIX ? t : t.substring(0, PREFIX)).distinct().toList();
    }

    private static String digits(String value) {
        return value == null ? "" : value.replaceAll("[^0-9A-Za-z]", "").toUpperCase(Locale.ROOT);
    }

    private static String zip5(String value) {
        if (value == null) {
            return "";
        }
        String compact = value.strip().replaceAll("[\\s-]", "");
        return compact.length() >= 5 && compact.substring(0, 5).chars().allMatch(Character::isDigit)
                ? compact.substring(0, 5) : compact.toUpperCase(Locale.ROOT);
    }

    private static String word(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{Nd}]+", " ").strip();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
