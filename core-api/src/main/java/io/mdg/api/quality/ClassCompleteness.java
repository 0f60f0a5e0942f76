package io.mdg.api.quality;

import java.util.List;

import io.mdg.api.model.ItemClass;

/**
 * Completeness of the items of one class.
 *
 * @param itemClass          the class; null for items without a class (then the class itself is missing)
 * @param requiredAttributes what the class requires
 * @param records            items of the class measured
 * @param complete           items with every required attribute
 * @param ratio              {@code complete / records} (1.0 when there are none)
 * @param mostMissing        the required attributes missing most often, most missing first (at most five; only
 *                           attributes missing at least once)
 */
public record ClassCompleteness(ItemClass itemClass, List<String> requiredAttributes, long records, long complete,
                                double ratio, List<AttributeGap> mostMissing) {
}
