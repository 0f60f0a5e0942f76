package io.mdg.api.screening;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * An administrator screens every ACTIVE supplier again against an imported list (kept in the service's PostgreSQL),
 * e.g. after suppliers were onboarded since the import. Answers an {@link ExclusionListImport}.
 */
public record RescreenSuppliersCommand(String listId, Actor actor) {

    public RescreenSuppliersCommand {
        Objects.requireNonNull(listId, "listId");
        Objects.requireNonNull(actor, "actor");
    }
}
