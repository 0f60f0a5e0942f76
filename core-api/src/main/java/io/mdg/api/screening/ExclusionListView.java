package io.mdg.api.screening;

import java.time.Instant;
import java.time.LocalDate;

import io.mdg.api.Actor;

/**
 * An imported exclusion list.
 *
 * @param listId     its id
 * @param format     its layout
 * @param fileName   the file's name as given
 * @param sha256     the SHA-256 of the file's text (UTF-8), hex
 * @param rows       the entries read
 * @param inForce    the entries in force on the list date (not reinstated)
 * @param listDate   the date the list was published (the import's day when not given)
 * @param importedAt when it was imported
 * @param importedBy who imported it
 */
public record ExclusionListView(String listId, ExclusionListFormat format, String fileName, String sha256, int rows,
                                int inForce, LocalDate listDate, Instant importedAt, Actor importedBy) {
}
