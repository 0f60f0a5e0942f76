package io.mdg.api.record;

import java.util.Objects;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;

/**
 * A source system sends its version of a record (a full snapshot or only some attributes; null attributes are not
 * sent). Answers a {@link io.mdg.api.submission.SubmissionResult}. Routed by the source record key, so that all
 * submissions of one source record are handled by one node.
 */
public record SubmitRecordCommand(SourceRef source, MasterAttributes attributes, Actor actor) {

    public SubmitRecordCommand {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(actor, "actor");
    }

    public EntityType type() {
        return attributes.entityType();
    }

    /** The routing key: entity type and source record. */
    public String routingKey() {
        return type().name() + ":" + source.key();
    }
}
