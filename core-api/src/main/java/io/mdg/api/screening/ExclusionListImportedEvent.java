package io.mdg.api.screening;

import java.time.LocalDate;

import io.mdg.api.Actor;

/**
 * An administrator imported an exclusion list (audited: who, which file by its hash, how many rows). The entries
 * themselves are kept in the service's PostgreSQL ({@code exclusion_list_entries}), under {@code listId}.
 */
public record ExclusionListImportedEvent(String listId, ExclusionListFormat format, String fileName, String sha256,
                                         int rows, int inForce, LocalDate listDate, Actor actor) {
}
