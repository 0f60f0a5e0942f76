package io.mdg.api.model;

import java.util.List;

import io.mdg.api.EntityType;

/**
 * A place in the network's hierarchy: the network, a hospital campus, a facility, a department, a storeroom or a
 * par location.
 *
 * @param name                 the location's name
 * @param locationType         its level in the hierarchy (mandatory)
 * @param parent               the location it belongs to (none only for a network)
 * @param gln                  GS1 global location number, unique to one location
 * @param hin                  Health Industry Number, 9 characters, unique to one location
 * @param address              postal address
 * @param costCentre           the finance cost centre
 * @param storageCondition     how a storeroom keeps stock
 * @param replenishmentMethod  how a storeroom or par location is replenished
 */
public record LocationAttributes(String name, LocationType locationType, Ref parent, String gln, String hin,
                                 Address address, String costCentre, StorageCondition storageCondition,
                                 ReplenishmentMethod replenishmentMethod) implements MasterAttributes {

    @Override
    public EntityType entityType() {
        return EntityType.LOCATION;
    }

    @Override
    public List<Ref> references() {
        return parent == null ? List.of() : List.of(parent);
    }

    @Override
    public LocationAttributes resolveReferences(ReferenceResolver resolver) {
        return parent == null ? this : new LocationAttributes(name, locationType, resolver.resolve("parent", EntityType.LOCATION, parent), gln, hin,
                address, costCentre, storageCondition, replenishmentMethod);
    }
}
