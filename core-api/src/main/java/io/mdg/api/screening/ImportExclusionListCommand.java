package io.mdg.api.screening;

import java.time.LocalDate;
import java.util.Objects;

import io.mdg.api.Actor;

/**
 * An administrator imports an exclusion list file (OIG LEIE {@code UPDATED.csv} or a SAM.gov exclusions extract,
 * recognised by its header): the list is kept, and every ACTIVE supplier is screened against it at once. The file is
 * refused as a whole (naming the line and column) when it is in neither layout or a row cannot be read; nothing is
 * then kept. Answers an {@link ExclusionListImport}.
 *
 * @param listId   the id the import gets
 * @param fileName the file's name, as given (for the record)
 * @param content  the file's text
 * @param listDate the date the list was published (null: the day of the import); exclusions reinstated by then do not
 *                 count
 * @param actor    the administrator
 */
public record ImportExclusionListCommand(String listId, String fileName, String content, LocalDate listDate,
                                         Actor actor) {

    public ImportExclusionListCommand {
        Objects.requireNonNull(listId, "listId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(actor, "actor");
    }
}
