package io.mdg.api.quality;

import java.util.List;

/**
 * Item master completeness over ACTIVE and SUSPENDED items: an item is complete when every attribute its class
 * requires has a value.
 *
 * @param records  items measured
 * @param complete items with every required attribute
 * @param ratio    {@code complete / records} (1.0 when there are none)
 * @param byClass  per item class (a null class: items without one), in the order of the item classes
 */
public record ItemCompleteness(long records, long complete, double ratio, List<ClassCompleteness> byClass) {
}
