package io.mdg.api.changerequest;

import java.util.Objects;

import io.mdg.api.SourceRef;

/**
 * Internal: a newer submission from {@code supersedingSource} superseded a pending change request: its golden record
 * holds the attributes anew in {@code supersededBy}, or (null) the source stated their current value again. A request
 * no longer pending is left as it is.
 */
public record SupersedeChangeRequestCommand(String changeRequestId, String supersededBy, SourceRef supersedingSource)
        implements ChangeRequestCommand {

    public SupersedeChangeRequestCommand {
        Objects.requireNonNull(changeRequestId, "changeRequestId");
    }
}
