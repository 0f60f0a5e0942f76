package io.mdg.api.record;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;

/**
 * The personal data of a supplier's contact person were erased: the person's key is destroyed from now on, and the
 * contact reads as erased everywhere. Carries no personal data: which person (its id), which record, who, why.
 *
 * @param retention true when the retention period of the rules file erased it (the actor: the system)
 */
public record ContactErasedEvent(String recordId, EntityType type, String personId, String reason, Actor actor,
                                 boolean retention) {
}
