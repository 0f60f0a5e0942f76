package io.mdg.api;

/** Lifecycle of a golden record. */
public enum LifecycleStatus {
    ACTIVE,
    SUSPENDED,
    RETIRED
}
