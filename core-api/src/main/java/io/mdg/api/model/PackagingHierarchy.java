package io.mdg.api.model;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading an item's packaging hierarchy: the levels by unit, and the conversion factor of a level to the base unit
 * (the product of the quantities down the {@code containsUnit} chain; 1 for the base unit). One definition for the
 * governance rules and the API.
 */
public final class PackagingHierarchy {

    private PackagingHierarchy() {
    }

    /** The levels by unit (the first level of a unit wins); null levels and units are left out. */
    public static Map<String, PackagingLevel> byUnit(List<PackagingLevel> levels) {
        Map<String, PackagingLevel> byUnit = new LinkedHashMap<>();
        if (levels != null) {
            for (PackagingLevel level : levels) {
                if (level != null && level.unit() != null) {
                    byUnit.putIfAbsent(level.unit(), level);
                }
            }
        }
        return byUnit;
    }

    /**
     * How many base units one of {@code level} holds, or null when its chain is broken (a missing or non-positive
     * quantity, an unknown contained unit, a base level with a quantity), cyclic, or beyond a long.
     */
    public static Long conversionFactor(PackagingLevel level, Map<String, PackagingLevel> byUnit) {
        long factor = 1;
        Set<String> seen = new HashSet<>();
        PackagingLevel current = level;
        while (current.containsUnit() != null) {
            if (!seen.add(current.unit()) || current.quantity() == null || current.quantity() <= 0) {
                return null;
            }
            try {
                factor = Math.multiplyExact(factor, current.quantity().longValue());
            } catch (ArithmeticException e) {
                return null;
            }
            current = byUnit.get(current.containsUnit());
            if (current == null) {
                return null;
            }
        }
        return current.quantity() == null ? factor : null;
    }
}
