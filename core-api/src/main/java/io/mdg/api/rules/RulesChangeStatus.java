package io.mdg.api.rules;

/** Where a rules change proposal stands. */
public enum RulesChangeStatus { PROPOSED, APPROVED, REJECTED }
