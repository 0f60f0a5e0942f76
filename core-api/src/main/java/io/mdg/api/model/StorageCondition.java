package io.mdg.api.model;

/** How a storeroom or par location keeps its stock. */
public enum StorageCondition {
    AMBIENT,
    REFRIGERATED,
    FROZEN,
    CONTROLLED_SUBSTANCES
}
