package io.mdg.graphql.record;

import java.util.List;
import java.util.Map;

import io.mdg.api.model.PackagingHierarchy;
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
        Map<String, PackagingLevel> byUnit = PackagingHierarchy.byUnit(packaging);
        return packaging.stream()
                .filter(java.util.Objects::nonNull)
                .map(l -> new PackagingLevelNode(l.unit(), l.quantity(), l.containsUnit(), l.gtin(),
                        conversionFactor(l, byUnit)))
                .toList();
    }

    /** The level's conversion factor as an Int, null where it has none or it does not fit. */
    static Integer conversionFactor(PackagingLevel level, Map<String, PackagingLevel> byUnit) {
        Long factor = PackagingHierarchy.conversionFactor(level, byUnit);
        return factor == null || factor > Integer.MAX_VALUE ? null : factor.intValue();
    }
}
