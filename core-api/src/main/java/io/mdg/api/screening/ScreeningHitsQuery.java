package io.mdg.api.screening;

/** Screening hits, newest first, of one supplier or (null) all ({@code List<ScreeningHitView>}). */
public record ScreeningHitsQuery(String supplierId, int limit) {
}
