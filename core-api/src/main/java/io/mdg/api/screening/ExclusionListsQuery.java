package io.mdg.api.screening;

/** The imported exclusion lists, newest first ({@code List<ExclusionListView>}). */
public record ExclusionListsQuery(int limit) {
}
