package io.mdg.rules.record;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.mdg.api.model.PackagingHierarchy;
import io.mdg.api.model.PackagingLevel;

/**
 * The one registry of units of measure: the controlled list of codes (two-letter codes as used in healthcare ERPs
 * and X12 documents), the spellings accepted for them (aliases such as {@code each} or {@code Box}, made canonical by
 * {@link #canonical} when values are normalised), and the conversions of an item's packaging units to its base unit.
 * Item packaging, contract prices (compared per base unit) and every later use of units read it.
 */
public final class Units {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s_-]");

    /**
     * Every allowed unit: EA each, BX box, CS case, PK pack, CT carton, DZ dozen, PL pallet, CA case (ERP variant),
     * BG bag, KT kit, RL roll, TB tube, VL vial, BT bottle, PR pair, ST set, TR tray, AM ampoule, JR jar, SY syringe,
     * PC piece, SH sheet, BD bundle, DR drum, PA pail, SL sleeve, CN container, DS dose, UD unit dose.
     */
    public static final Set<String> CONTROLLED = Set.of("EA", "BX", "CS", "PK", "CT", "DZ", "PL", "CA", "BG", "KT",
            "RL", "TB", "VL", "BT", "PR", "ST", "TR", "AM", "JR", "SY", "PC", "SH", "BD", "DR", "PA", "SL", "CN", "DS",
            "UD");

    /** Spellings of controlled units (upper case, without spaces, dashes or underscores), by code's name. */
    private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("EACH", "EA"), Map.entry("BOX", "BX"),
            Map.entry("CASE", "CS"), Map.entry("PACK", "PK"), Map.entry("PACKAGE", "PK"), Map.entry("CARTON", "CT"),
            Map.entry("DOZEN", "DZ"), Map.entry("PALLET", "PL"), Map.entry("BAG", "BG"), Map.entry("KIT", "KT"),
            Map.entry("ROLL", "RL"), Map.entry("TUBE", "TB"), Map.entry("VIAL", "VL"), Map.entry("BOTTLE", "BT"),
            Map.entry("PAIR", "PR"), Map.entry("SET", "ST"), Map.entry("TRAY", "TR"), Map.entry("AMPOULE", "AM"),
            Map.entry("AMPULE", "AM"), Map.entry("JAR", "JR"), Map.entry("SYRINGE", "SY"), Map.entry("PIECE", "PC"),
            Map.entry("SHEET", "SH"), Map.entry("BUNDLE", "BD"), Map.entry("DRUM", "DR"), Map.entry("PAIL", "PA"),
            Map.entry("SLEEVE", "SL"), Map.entry("CONTAINER", "CN"), Map.entry("DOSE", "DS"),
            Map.entry("UNITDOSE", "UD"));

    private Units() {
    }

    /**
     * The unit's code: trimmed, upper case, and an accepted spelling replaced by its code ({@code " each "} is EA,
     * {@code "Unit dose"} is UD). A value that is neither a code nor an alias is kept (upper case) for the checks to
     * report. Null stays null.
     */
    public static String canonical(String unit) {
        if (unit == null) {
            return null;
        }
        String upper = unit.strip().toUpperCase(Locale.ROOT);
        return ALIASES.getOrDefault(SEPARATORS.matcher(upper).replaceAll(""), upper);
    }

    /** Whether {@code unit} (a code, upper case) is on the controlled list. */
    public static boolean isControlled(String unit) {
        return unit != null && CONTROLLED.contains(unit);
    }

    /**
     * The conversion factor of each packaging unit to the base unit: the product of the quantities down the
     * {@code containsUnit} chain (base unit 1). Example: EA; BX contains 10 EA; CS contains 4 BX gives
     * {EA=1, BX=10, CS=40}. Units whose chain does not reach a base level (unknown unit, cycle, missing quantity,
     * overflow) are left out. Null gives an empty map.
     */
    public static Map<String, Long> conversionFactors(List<PackagingLevel> packaging) {
        Map<String, Long> factors = new LinkedHashMap<>();
        Map<String, PackagingLevel> byUnit = PackagingHierarchy.byUnit(packaging);
        for (PackagingLevel level : byUnit.values()) {
            Long factor = PackagingHierarchy.conversionFactor(level, byUnit);
            if (factor != null) {
                factors.put(level.unit(), factor);
            }
        }
        return factors;
    }

    /** How many base units one {@code unit} of this packaging holds; null when the packaging has no such level. */
    public static Long conversionFactor(String unit, List<PackagingLevel> packaging) {
        PackagingLevel level = unit == null ? null : PackagingHierarchy.byUnit(packaging).get(unit);
        return level == null ? null : PackagingHierarchy.conversionFactor(level, PackagingHierarchy.byUnit(packaging));
    }

    /** The packaging's base unit (the level that contains no other), or null when it has none. */
    public static String baseUnit(List<PackagingLevel> packaging) {
        return PackagingHierarchy.byUnit(packaging).values().stream()
                .filter(level -> level.containsUnit() == null && level.quantity() == null)
                .map(PackagingLevel::unit).findFirst().orElse(null);
    }
}
