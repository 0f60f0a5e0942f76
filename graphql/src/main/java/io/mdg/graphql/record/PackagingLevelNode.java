package io.mdg.graphql.record;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mdg.api.model.PackagingLevel;

/**
 * The GraphQL type {@code PackagingLevel}, with its {@code conversionFactor}: how many base units one of this level
 * holds, the product of the quantities down to the base unit (1 for the base unit); null when the chain is broken
 * (a missing quantity or unit), cyclic, or does not fit an Int.
 */
public record PackagingLevelNode(String unit, Integer quantity, String containsUnit, String gtin,
                                 Integer conversionFactor) {

    static List<PackagingLevelNode> of(List<PackagingLevel> packaging) {
        if (packaging == null) {
            return null;
        }
        Map<String, PackagingLevel> byUnit = new HashMap<>();
        for (PackagingLevel level : packaging) {
            if (level != null && level.unit() != null) {
                byUnit.putIfAbsent(level.unit(), level);
            }
        }
        return packaging.stream()
                .filter(java.util.Objects::nonNull)
                .map(l -> new PackagingLevelNode(l.unit(), l.quantity(), l.containsUnit(), l.gtin(),
                        conversionFactor(l, byUnit)))
                .toList();
    }

    static Integer conversionFactor(PackagingLevel level, Map<String, PackagingLevel> byUnit) {
        long factor = 1;
        Set<String> seen = new HashSet<>();
        PackagingLevel current = level;
        while (current.containsUnit() != null) {
            if (!seen.add(current.unit()) || current.quantity() == null || current.quantity() <= 0) {
                return null;
            }
            factor *= current.quantity();
            if (factor > Integer.MAX_VALUE) {
                return null;
            }
            current = byUnit.get(current.containsUnit());
            if (current == null) {
                return null;
            }
        }
        return (int) factor;
    }
}
