package io.mdg.command.xref;

import java.util.Optional;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;

/**
 * The command side's cross-reference table: source system + source record id -> golden record id.
 * Written in the same transaction as the events of the command that creates or links the record, so that the
 * table and the event store agree; never served through the query API.
 */
public interface CrossReferences {

    Optional<String> find(EntityType type, SourceRef source);

    /**
     * Records that the source record maps to the golden record.
     *
     * @throws DuplicateCrossReferenceException when the source record is already mapped
     */
    void link(EntityType type, SourceRef source, String goldenId);
}
