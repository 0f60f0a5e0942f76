package io.mdg.api.rules;

import io.mdg.api.Actor;

/** A rules change proposal was rejected (by its proposer: withdrawn), with the reason. It never takes effect. */
public record RulesChangeRejectedEvent(String rulesId, String changeId, String reason, Actor actor) {
}
