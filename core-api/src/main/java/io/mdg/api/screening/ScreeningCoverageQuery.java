package io.mdg.api.screening;

/** The exclusion-screening quality indicator ({@link ScreeningCoverage}). */
public record ScreeningCoverageQuery() {
}
