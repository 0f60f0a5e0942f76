package io.mdg.api.record;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;

/**
 * A source record that was new to the service carries an identifier of an existing golden record: it was linked to
 * that record as a new cross-reference instead of creating a twin. {@code matchedOn} names the identifier.
 */
public record SourceRecordLinkedEvent(String recordId, EntityType type, SourceRef source, String matchedOn,
                                      Actor actor) {
}
