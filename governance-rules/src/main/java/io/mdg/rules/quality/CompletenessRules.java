package io.mdg.rules.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.mdg.api.model.ItemClass;

/**
 * The rules file's completeness rules ({@code quality.requiredItemAttributes}): what an item needs to count as complete
 * in the data-quality report: the {@code base} attributes, and those its class adds. {@value #PACKAGING_GTIN} means a
 * GTIN on at least one packaging level.
 *
 * @param base    what every item needs
 * @param byClass what each item class needs on top of the base
 */
public record CompletenessRules(List<String> base, Map<ItemClass, List<String>> byClass) {

    /** A GTIN on at least one packaging level. */
    public static final String PACKAGING_GTIN = "packaging.gtin";

    public CompletenessRules {
        base = List.copyOf(base);
        Map<ItemClass, List<String>> copy = new EnumMap<>(ItemClass.class);
        byClass.forEach((itemClass, names) -> copy.put(itemClass, List.copyOf(names)));
        byClass = Collections.unmodifiableMap(copy);
    }

    /** The attributes an item of the class needs (null: an item without a class, which needs the base). */
    public List<String> requiredItemAttributes(ItemClass itemClass) {
        List<String> required = new ArrayList<>(base);
        if (itemClass != null) {
            required.addAll(byClass.getOrDefault(itemClass, List.of()));
        }
        return Collections.unmodifiableList(required);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CompletenessRules rules && base.equals(rules.base) && byClass.equals(rules.byClass);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, byClass);
    }
}
