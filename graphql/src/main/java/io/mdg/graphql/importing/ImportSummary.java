package io.mdg.graphql.importing;

/** The last line of an import's answer: {@code {"summary": {...}}}, how many rows had which outcome. */
public record ImportSummary(Counts summary) {

    public record Counts(int rows, int created, int updated, int unchanged, int stale, int rejected, int failed) {
    }
}
