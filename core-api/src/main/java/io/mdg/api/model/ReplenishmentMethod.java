package io.mdg.api.model;

/** How a storeroom or par location is replenished. */
public enum ReplenishmentMethod {
    PAR_LEVEL,
    TWO_BIN_KANBAN,
    PERPETUAL,
    JUST_IN_TIME
}
