package io.mdg.api.record;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;

/** A new golden record was created from a source record; {@code attributes} are the values it was created with. */
public record RecordRegisteredEvent(String recordId, EntityType type, SourceRef source, MasterAttributes attributes,
                                    Actor actor) {
}
