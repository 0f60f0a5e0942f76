package io.mdg.api;

/** The kinds of governed master record. */
public enum EntityType {
    SUPPLIER,
    ITEM,
    CONTRACT,
    LOCATION
}
