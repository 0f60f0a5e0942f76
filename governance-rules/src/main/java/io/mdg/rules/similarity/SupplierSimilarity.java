package io.mdg.rules.similarity;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.mdg.api.model.Address;
import io.mdg.api.model.SupplierAttributes;

/**
 * Duplicate <em>candidates</em> among suppliers, for a steward to review (never merged automatically).
 *
 * <ul>
 *   <li>The names (legal name, and trading names as a second chance) are normalised ({@link #normalizeName}) and
 *       compared token by token: tokens match when their Jaro-Winkler similarity is at least
 *       {@value #TOKEN_MATCH}; generic trade words ("medical", "supply", ...) weigh half, so that two different
 *       companies sharing common words do not look alike. Names that differ only in spacing are equal.</li>
 *   <li>A shared address (same postal code and country, of the ordering or remit-to address, in any combination)
 *       raises the score, more so when the street line is similar too; addresses known on both sides that share
 *       no postal code lower it.</li>
 *   <li>The same tax id, DUNS or GLN is a strong reason on its own: the score is at least {@value #SAME_IDENTIFIER}.
 *       Different tax ids (two legal entities) lower it.</li>
 * </ul>
 * {@link #compare} answers only pairs scoring at least {@value #THRESHOLD}; {@link #score} always answers.
 */
public final class SupplierSimilarity {

    /** The least score {@link #compare} reports as a candidate. */
    public static final double THRESHOLD = 0.75;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern JOINING = Pattern.compile("[.'’`]");
    private static final Pattern SEPARATING = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final Pattern ZIP = Pattern.compile("\\d{5}.*");
    private static final Pattern POSTAL_SPACING = Pattern.compile("[\\s-]");
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^0-9A-Za-z]");

    /** Below this name similarity, only a shared identifier makes a candidate (a shared address alone does not). */
    static final double MIN_NAME = 0.6;
    static final double TOKEN_MATCH = 0.88;
    static final double SAME_IDENTIFIER = 0.95;
    static final double GENERIC_WEIGHT = 0.5;

    private static final Set<String> LEGAL_SUFFIXES = Set.of(
            "inc", "incorporated", "llc", "lllp", "llp", "lp", "ltd", "limited", "corp", "corporation", "co",
            "company", "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "plc", "pllc", "pc", "pa",
            "ab", "as", "oy", "pty", "pte", "kk", "ulc", "lc", "mbh");
    private static final Set<String> STOP_WORDS = Set.of("the", "and", "of");
    private static final Set<String> GENERIC_WORDS = Set.of(
            "medical", "surgical", "supply", "supplies", "health", "healthcare", "care", "products", "product",
            "pharma", "pharmaceutical", "pharmaceuticals", "solutions", "services", "service", "systems", "group",
            "international", "holdings", "industries", "technologies", "technology", "laboratories", "labs",
            "devices", "device", "scientific", "diagnostics", "distribution", "distributors", "distributing",
            "usa", "us", "america", "american", "global", "enterprises", "partners", "national", "hospital",
            "instruments", "equipment", "orthopedics", "orthopaedics", "biomedical", "life", "sciences");
    private static final Map<String, String> STREET_WORDS = Map.ofEntries(
            Map.entry("street", "st"), Map.entry("avenue", "ave"), Map.entry("av", "ave"), Map.entry("road", "rd"),
            Map.entry("boulevard", "blvd"), Map.entry("drive", "dr"), Map.entry("lane", "ln"),
            Map.entry("court", "ct"), Map.entry("place", "pl"), Map.entry("parkway", "pkwy"),
            Map.entry("highway", "hwy"), Map.entry("suite", "ste"), Map.entry("building", "bldg"),
            Map.entry("floor", "fl"), Map.entry("north", "n"), Map.entry("south", "s"), Map.entry("east", "e"),
            Map.entry("west", "w"), Map.entry("square", "sq"), Map.entry("terrace", "ter"), Map.entry("way", "wy"));

    private SupplierSimilarity() {
    }

    /** The similarity of two suppliers when it is at least {@link #THRESHOLD}, else empty. Symmetric. */
    public static Optional<Similarity> compare(SupplierAttributes a, SupplierAttributes b) {
        Similarity similarity = score(a, b);
        return similarity.score() >= THRESHOLD ? Optional.of(similarity) : Optional.empty();
    }

    /** The similarity of two suppliers, however low. Symmetric. */
    public static Similarity score(SupplierAttributes a, SupplierAttributes b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        List<String> reasons = new ArrayList<>();

        NameMatch name = bestName(a, b);
        double score = name.score;
        if (name.score > 0) {
            reasons.add(name.reason());
        }

        AddressMatch address = bestAddress(a, b);
        if (address != null) {
            if (address.samePostalCode) {
                reasons.add("same postal code " + address.postalCode);
                if (address.street >= 0.85) {
                    reasons.add(address.street >= 0.999 ? "same street address"
                            : "similar street address " + format(address.street));
                }
                if (name.score >= MIN_NAME) {
                    double strength = 0.6 + 0.4 * Math.max(0, address.street);
                    score = score + (1 - score) * 0.4 * strength;
                }
            } else {
                score = score * 0.9;
            }
        }

        boolean sameIdentifier = false;
        sameIdentifier |= sameIdentifier(a.taxId(), b.taxId(), "same tax id ", reasons);
        sameIdentifier |= sameIdentifier(a.duns(), b.duns(), "same DUNS ", reasons);
        sameIdentifier |= sameIdentifier(a.gln(), b.gln(), "same GLN ", reasons);
        if (sameIdentifier) {
            score = Math.max(score, SAME_IDENTIFIER);
        } else {
            String taxA = digits(a.taxId());
            String taxB = digits(b.taxId());
            if (!taxA.isEmpty() && !taxB.isEmpty() && !taxA.equals(taxB)) {
                score = score * 0.85;
                reasons.add("different tax ids");
            }
            if (name.score < MIN_NAME) {
                score = Math.min(score, name.score);
            }
        }
        score = Math.round(Math.min(1.0, Math.max(0.0, score)) * 1000) / 1000.0;
        return new Similarity(score, reasons);
    }

    /**
     * A legal name in comparable form: accents removed, lower case, punctuation removed, "&amp;" read as "and",
     * a leading "The", the words "and"/"of" and trailing legal-form suffixes (Inc, LLC, Corp, Co, Ltd, GmbH, ...)
     * dropped, single spaces. {@code "The ACME Médical Co., Inc."} becomes {@code "acme medical"}. Null gives "".
     */
    public static String normalizeName(String legalName) {
        List<String> tokens = nameTokens(legalName);
        return String.join(" ", tokens);
    }

    public static List<String> nameTokens(String name) {
        List<String> tokens = words(name);
        if (tokens.isEmpty()) {
            return tokens;
        }
        List<String> kept = new ArrayList<>(tokens);
        // trailing legal suffixes, possibly several ("Co., Ltd.", "GmbH & Co. KG")
        while (kept.size() > 1 && (LEGAL_SUFFIXES.contains(last(kept)) || STOP_WORDS.contains(last(kept)))) {
            kept.remove(kept.size() - 1);
        }
        kept.removeIf(STOP_WORDS::contains);
        if (kept.isEmpty()) {
            kept = new ArrayList<>(tokens);
            kept.removeIf(STOP_WORDS::contains);
        }
        return kept.isEmpty() ? tokens : kept;
    }

    private static String last(List<String> tokens) {
        return tokens.get(tokens.size() - 1);
    }

    /** Lower-case ASCII-folded words; dots and apostrophes join ("L.L.C." = "llc"), other punctuation separates. */
    static List<String> words(String text) {
        if (text == null) {
            return new ArrayList<>();
        }
        String unmarked = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("")
                .replace("ß", "ss").replace("æ", "ae").replace("Æ", "AE").replace("ø", "o").replace("Ø", "O")
                .toLowerCase(Locale.ROOT)
                .replace("&", " and ");
        String folded = SEPARATING.matcher(JOINING.matcher(unmarked).replaceAll("")).replaceAll(" ").strip();
        return folded.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(folded.split(" ")));
    }

    private record NameMatch(double score, String nameA, boolean legalA, String nameB, boolean legalB) {
        String reason() {
            if (legalA && legalB) {
                return score >= 0.999 ? "same legal name" : "similar legal name " + format(score);
            }
            String which = (legalA ? "legal name" : "trading name") + " '" + nameA + "' and "
                    + (legalB ? "legal name" : "trading name") + " '" + nameB + "'";
            return (score >= 0.999 ? "same name: " : "similar name " + format(score) + ": ") + which;
        }
    }

    private static NameMatch bestName(SupplierAttributes a, SupplierAttributes b) {
        NameMatch best = new NameMatch(0, null, true, null, true);
        List<String> namesA = names(a);
        List<String> namesB = names(b);
        for (int i = 0; i < namesA.size(); i++) {
            for (int j = 0; j < namesB.size(); j++) {
                double s = nameSimilarity(namesA.get(i), namesB.get(j));
                boolean legalA = i == 0 && a.legalName() != null;
                boolean legalB = j == 0 && b.legalName() != null;
                // the legal-name pair wins ties, then the first pair found
                if (s > best.score + 1e-9) {
                    best = new NameMatch(s, namesA.get(i), legalA, namesB.get(j), legalB);
                }
            }
        }
        return best;
    }

    private static List<String> names(SupplierAttributes s) {
        List<String> names = new ArrayList<>();
        if (s.legalName() != null && !s.legalName().isBlank()) {
            names.add(s.legalName().strip());
        }
        if (s.tradingNames() != null) {
            for (String trading : s.tradingNames()) {
                if (trading != null && !trading.isBlank()) {
                    names.add(trading.strip());
                }
            }
        }
        return names;
    }

    /** Similarity of two names in [0, 1]: weighted soft token overlap (Dice), symmetric. */
    public static double nameSimilarity(String a, String b) {
        List<String> ta = nameTokens(a);
        List<String> tb = nameTokens(b);
        if (ta.isEmpty() || tb.isEmpty()) {
            return 0;
        }
        if (String.join("", ta).equals(String.join("", tb))) {
            return 1.0;
        }
        return (softDice(ta, tb, true) + softDice(tb, ta, true)) / 2;
    }

    /**
     * Similarity in [0, 1] of two names already split by {@link #nameTokens} (for callers that compare one name with
     * many, e.g. exclusion screening): the same as {@link #nameSimilarity} of the names.
     */
    public static double tokenSimilarity(List<String> ta, List<String> tb) {
        if (ta.isEmpty() || tb.isEmpty()) {
            return 0;
        }
        if (String.join("", ta).equals(String.join("", tb))) {
            return 1.0;
        }
        return (softDice(ta, tb, true) + softDice(tb, ta, true)) / 2;
    }

    private static double softDice(List<String> ta, List<String> tb, boolean weighted) {
        boolean[] used = new boolean[tb.size()];
        double matched = 0;
        for (String x : ta) {
            int bestIndex = -1;
            double bestScore = 0;
            for (int j = 0; j < tb.size(); j++) {
                if (!used[j]) {
                    double s = tokenSimilarity(x, tb.get(j));
                    if (s > bestScore) {
                        bestScore = s;
                        bestIndex = j;
                    }
                }
            }
            if (bestIndex >= 0 && bestScore >= TOKEN_MATCH) {
                used[bestIndex] = true;
                double weight = (weight(x, weighted) + weight(tb.get(bestIndex), weighted)) / 2;
                matched += bestScore * weight;
            }
        }
        double total = ta.stream().mapToDouble(t -> weight(t, weighted)).sum()
                + tb.stream().mapToDouble(t -> weight(t, weighted)).sum();
        return total == 0 ? 0 : Math.min(1.0, 2 * matched / total);
    }

    private static double tokenSimilarity(String x, String y) {
        if (x.equals(y)) {
            return 1.0;
        }
        // short tokens (initials, numbers) must match exactly
        if (x.length() <= 3 || y.length() <= 3 || x.chars().allMatch(Character::isDigit)
                || y.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return JaroWinkler.similarity(x, y);
    }

    private static double weight(String token, boolean weighted) {
        return weighted && GENERIC_WORDS.contains(token) ? GENERIC_WEIGHT : 1.0;
    }

    private record AddressMatch(boolean samePostalCode, String postalCode, double street) {
    }

    /** The best-matching pair of addresses known on both sides, or null when either side has none to compare. */
    private static AddressMatch bestAddress(SupplierAttributes a, SupplierAttributes b) {
        List<Address> addressesA = addresses(a);
        List<Address> addressesB = addresses(b);
        AddressMatch best = null;
        for (Address x : addressesA) {
            for (Address y : addressesB) {
                AddressMatch match = compareAddress(x, y);
                if (best == null || rank(match) > rank(best)) {
                    best = match;
                }
            }
        }
        return best;
    }

    private static double rank(AddressMatch match) {
        return (match.samePostalCode ? 2 : 0) + Math.max(0, match.street);
    }

    private static List<Address> addresses(SupplierAttributes s) {
        List<Address> addresses = new ArrayList<>();
        for (Address address : new Address[] {s.orderingAddress(), s.remitToAddress()}) {
            if (address != null && !postalCode(address).isEmpty()) {
                addresses.add(address);
            }
        }
        return addresses;
    }

    private static AddressMatch compareAddress(Address x, Address y) {
        String px = postalCode(x);
        String py = postalCode(y);
        String cx = country(x);
        String cy = country(y);
        boolean sameCountry = cx.isEmpty() || cy.isEmpty() || cx.equals(cy);
        boolean us = (cx.isEmpty() || cx.equals("US")) && (cy.isEmpty() || cy.equals("US"));
        if (us && ZIP.matcher(px).matches() && ZIP.matcher(py).matches()) {
            // ZIP+4 and ZIP are the same area
            px = px.substring(0, 5);
            py = py.substring(0, 5);
        }
        boolean samePostal = sameCountry && px.equals(py);
        List<String> sx = streetTokens(x.line1());
        List<String> sy = streetTokens(y.line1());
        double street = sx.isEmpty() || sy.isEmpty() ? -1
                : String.join("", sx).equals(String.join("", sy)) ? 1.0
                : (softDice(sx, sy, false) + softDice(sy, sx, false)) / 2;
        String shown = x.postalCode().strip();
        return new AddressMatch(samePostal, shown, street);
    }

    private static String postalCode(Address address) {
        return address.postalCode() == null ? ""
                : POSTAL_SPACING.matcher(address.postalCode().toUpperCase(Locale.ROOT)).replaceAll("");
    }

    private static String country(Address address) {
        return address.country() == null ? "" : address.country().strip().toUpperCase(Locale.ROOT);
    }

    private static List<String> streetTokens(String line) {
        List<String> tokens = words(line);
        tokens.replaceAll(t -> STREET_WORDS.getOrDefault(t, t));
        return tokens;
    }

    private static boolean sameIdentifier(String x, String y, String label, List<String> reasons) {
        String dx = digits(x);
        String dy = digits(y);
        if (!dx.isEmpty() && dx.equals(dy)) {
            reasons.add(label + x.strip());
            return true;
        }
        return false;
    }

    private static String digits(String value) {
        return value == null ? "" : NOT_ALPHANUMERIC.matcher(value).replaceAll("").toUpperCase(Locale.ROOT);
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
