package io.mdg.api.record;

import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;

/**
 * A source's change to high-risk attributes was held for steward approval and not applied: {@code proposed} holds
 * the proposed values of the {@code held} attributes, {@code current} their values now. {@code changeRequestId} is the
 * change request that stewards decide it in (it opens from this event), {@code reason} why it was asked for (a
 * steward's words, or why the rules hold it; null: a high-risk change from its source, and in events stored before
 * it existed).
 */
public record ChangeHeldForApprovalEvent(String recordId, EntityType type, SourceRef source, List<HeldAttribute> held,
                                         MasterAttributes proposed, MasterAttributes current, Actor actor,
                                         String changeRequestId, String reason) {

    public ChangeHeldForApprovalEvent(String recordId, EntityType type, SourceRef source, List<HeldAttribute> held,
                                      MasterAttributes proposed, MasterAttributes current, Actor actor,
                                      String changeRequestId) {
        this(recordId, type, source, held, proposed, current, actor, changeRequestId, null);
    }

    public ChangeHeldForApprovalEvent(String recordId, EntityType type, SourceRef source, List<HeldAttribute> held,
                                      MasterAttributes proposed, MasterAttributes current, Actor actor) {
        this(recordId, type, source, held, proposed, current, actor, null);
    }
}
