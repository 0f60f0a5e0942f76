package io.mdg.api.record;

import java.time.LocalDate;
import java.util.Objects;

import io.mdg.api.Actor;

/**
 * Erase the personal data of one contact person of a supplier (crypto-shredding: the person's key is destroyed, so
 * every stored copy of the contact, in events, read models and backups, can no longer be read). Refused while a
 * legal hold of the rules file covers the supplier, and when the person is not a contact of the record.
 *
 * @param retention true when the rules file's retention period, not a person, asked for it
 * @param today     the date of the request (legal holds are seen against it)
 */
public record EraseContactCommand(String recordId, String personId, String reason, Actor actor, boolean retention,
                                  LocalDate today)
        implements RecordCommand {

    public EraseContactCommand {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(today, "today");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an erasure needs a reason");
        }
    }
}
