package io.mdg.api.screening;

/** The published layouts of exclusion-list files the service reads (recognised by their header row). */
public enum ExclusionListFormat {
    /** HHS-OIG List of Excluded Individuals/Entities, the monthly {@code UPDATED.csv} (the full database file). */
    LEIE,
    /** SAM.gov public exclusions extract (CSV). */
    SAM
}
