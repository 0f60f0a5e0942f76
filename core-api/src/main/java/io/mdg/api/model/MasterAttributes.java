package io.mdg.api.model;

import java.util.List;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.mdg.api.EntityType;

/**
 * The canonical attributes of a golden record of one entity type. Every record component is one attribute (its
 * name is the attribute's name in the rules file and in results); {@code null} means "not sent" in a submission and
 * "no value" in a golden record. See {@link Attributes} for generic access.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SupplierAttributes.class, name = "SUPPLIER"),
        @JsonSubTypes.Type(value = ItemAttributes.class, name = "ITEM"),
        @JsonSubTypes.Type(value = ContractAttributes.class, name = "CONTRACT"),
        @JsonSubTypes.Type(value = LocationAttributes.class, name = "LOCATION")})
public sealed interface MasterAttributes
        permits SupplierAttributes, ItemAttributes, ContractAttributes, LocationAttributes {

    EntityType entityType();

    /** The references to other golden records (only those with a value). */
    List<Ref> references();

    /** The same attributes with every reference replaced by the resolver's answer. */
    MasterAttributes resolveReferences(ReferenceResolver resolver);
}
