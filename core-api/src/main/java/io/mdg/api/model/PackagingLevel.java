package io.mdg.api.model;

/**
 * One level of an item's packaging hierarchy: its unit of measure (from the controlled list, e.g. EA, BX, CS),
 * how many of which lower unit it contains (null for the base unit), and its GTIN.
 * Example: {@code EA}; {@code BX} contains 10 {@code EA}; {@code CS} contains 4 {@code BX}.
 */
public record PackagingLevel(String unit, Integer quantity, String containsUnit, String gtin) {
}
