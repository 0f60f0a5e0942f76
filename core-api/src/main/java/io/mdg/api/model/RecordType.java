package io.mdg.api.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.mdg.api.EntityType;

/**
 * What each kind of golden record is, in one place that every module asks (instead of a {@code switch} on the
 * entity type in each): its attribute record, its name (the GraphQL type, {@code Supplier}) and the name of its
 * records in lists (the batch input's list, the read store's collection, {@code suppliers}).
 *
 * @param type       the entity type
 * @param attributes the record class of its attributes
 * @param name       its name, as the GraphQL type
 * @param plural     its records in lists
 */
public record RecordType(EntityType type, Class<? extends MasterAttributes> attributes, String name, String plural) {

    private static final Map<EntityType, RecordType> TYPES = new EnumMap<>(Map.of(
            EntityType.SUPPLIER, new RecordType(EntityType.SUPPLIER, SupplierAttributes.class, "Supplier",
                    "suppliers"),
            EntityType.ITEM, new RecordType(EntityType.ITEM, ItemAttributes.class, "Item", "items"),
            EntityType.CONTRACT, new RecordType(EntityType.CONTRACT, ContractAttributes.class, "Contract",
                    "contracts"),
            EntityType.LOCATION, new RecordType(EntityType.LOCATION, LocationAttributes.class, "Location",
                    "locations")));

    public RecordType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(plural, "plural");
    }

    /** The record type of an entity type. */
    public static RecordType of(EntityType type) {
        return TYPES.get(Objects.requireNonNull(type, "type"));
    }

    /** Every record type, in the order of {@link EntityType}. */
    public static List<RecordType> all() {
        return List.copyOf(TYPES.values());
    }
}
