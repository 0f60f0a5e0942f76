package io.mdg.api.screening;

/** The outcome of screening a supplier against an exclusion list. */
public enum ScreeningResult {
    /** No entry matched (screened; nothing to do). */
    CLEAR,
    /** At least one entry matched: each hit is a suspension request for the stewards (never cleared automatically). */
    HIT
}
