package io.mdg.api.model;

/** Result of exclusion-list screening (e.g. OIG LEIE). An EXCLUDED supplier cannot be active or contracted. */
public enum ScreeningStatus {
    NOT_SCREENED,
    CLEAR,
    EXCLUDED
}
