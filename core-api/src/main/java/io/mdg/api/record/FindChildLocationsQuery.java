package io.mdg.api.record;

import java.util.List;

/**
 * The locations directly below the given parent locations, in one store round trip (the {@code children} of a page
 * of locations). Answers {@code List<RecordView>} in id order.
 */
public record FindChildLocationsQuery(List<String> parentIds) {
}
