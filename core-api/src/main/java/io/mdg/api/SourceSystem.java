package io.mdg.api;

/**
 * The platforms that send master data, plus {@link #STEWARD} for edits made by hand by a data steward.
 * A submission's source system always comes from the caller's token, never from the request.
 */
public enum SourceSystem {
    ERP,
    SOURCING,
    INVENTORY,
    SUPPLIER_PORTAL,
    STEWARD
}
