package io.mdg.api.screening;

import java.util.List;

/**
 * A supplier matches an entry of an exclusion list.
 *
 * @param entry   the entry it matches
 * @param score   how well the names match (0 to 1; 1 for the same tax id)
 * @param reasons which fields matched and how (e.g. "same tax id 12-3456789", "business name 'acme medical'
 *                similar 0.96", "same ZIP 30301")
 */
public record ScreeningHit(ExclusionEntry entry, double score, List<String> reasons) {

    public ScreeningHit {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
