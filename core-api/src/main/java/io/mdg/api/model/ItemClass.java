package io.mdg.api.model;

/** The clinical and handling class of an item. */
public enum ItemClass {
    IMPLANT,
    PHARMACY,
    MED_SURG,
    LAB,
    EQUIPMENT,
    NUTRITION,
    OTHER
}
