package io.mdg.api.changerequest;

import java.time.Instant;

import io.mdg.api.Actor;

/**
 * One step in a change request's life after it was opened: an approval, a rejection, a withdrawal, the expiry or the
 * application to the golden record, with who, when, their comment and the correlation id of the request that did it; for an approval, the number of
 * the approval step it was for ({@code step}, 1: the first; null for other decisions). {@code onBehalfOf}: for an
 * approval or rejection by a delegate, the delegator it was decided for (null: in the actor's own name).
 */
public record DecisionView(String kind, Actor actor, Instant at, String comment, String verificationNote,
                           String correlationId, Integer step, String onBehalfOf) {

    /** A decision in the actor's own name. */
    public DecisionView(String kind, Actor actor, Instant at, String comment, String verificationNote,
                        String correlationId, Integer step) {
        this(kind, actor, at, comment, verificationNote, correlationId, step, null);
    }

    /** A decision that belongs to no approval step. */
    public DecisionView(String kind, Actor actor, Instant at, String comment, String verificationNote,
                        String correlationId) {
        this(kind, actor, at, comment, verificationNote, correlationId, null);
    }
}
