package io.mdg.api.model;

/** The issuing agency of a UDI device identifier. */
public enum UdiAgency {
    GS1,
    HIBCC,
    ICCBBA
}
