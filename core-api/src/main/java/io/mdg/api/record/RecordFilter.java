package io.mdg.api.record;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;

/**
 * Conditions on the golden records of one type, for listing and counting them: every condition given (non-null)
 * must hold; none given matches every record of the type. One record per type, because each type has its own
 * identifiers and references to filter on.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SupplierFilter.class, name = "SUPPLIER"),
        @JsonSubTypes.Type(value = ItemFilter.class, name = "ITEM"),
        @JsonSubTypes.Type(value = ContractFilter.class, name = "CONTRACT"),
        @JsonSubTypes.Type(value = LocationFilter.class, name = "LOCATION")})
public sealed interface RecordFilter permits SupplierFilter, ItemFilter, ContractFilter, LocationFilter {

    /** The longest text condition a filter takes. */
    int MAX_TEXT_LENGTH = 200;

    /** The type of the records it selects. */
    EntityType type();

    /** Only records in this lifecycle status (null: any). */
    LifecycleStatus status();

    /** The same conditions with the given status condition instead of this one's. */
    RecordFilter withStatus(LifecycleStatus status);

    /** A filter that matches every record of the type. */
    static RecordFilter any(EntityType type) {
        return switch (type) {
            case SUPPLIER -> new SupplierFilter(null, null, null, null, null);
            case ITEM -> new ItemFilter(null, null, null, null, null, null, null, null);
            case CONTRACT -> new ContractFilter(null, null, null, null, null);
            case LOCATION -> new LocationFilter(null, null, null, null, null, null);
        };
    }
}
