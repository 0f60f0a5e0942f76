package io.mdg.api.record;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.LocationType;

/**
 * Conditions on locations (see {@link RecordFilter}).
 *
 * @param status       the lifecycle status
 * @param text         a part of the name, case-insensitive
 * @param gln          the GS1 global location number
 * @param hin          the Health Industry Number
 * @param locationType the level in the hierarchy
 * @param parentId     the parent location's golden id: its direct children
 */
public record LocationFilter(LifecycleStatus status, String text, String gln, String hin, LocationType locationType,
                             String parentId) implements RecordFilter {

    @Override
    public EntityType type() {
        return EntityType.LOCATION;
    }

    @Override
    public LocationFilter withStatus(LifecycleStatus status) {
        return new LocationFilter(status, text, gln, hin, locationType, parentId);
    }
}
