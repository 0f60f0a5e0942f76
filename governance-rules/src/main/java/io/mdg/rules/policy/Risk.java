package io.mdg.rules.policy;

/**
 * How risky a change to an attribute group is. A LOW-risk change from its owner applies directly; a HIGH-risk change
 * is held until stewards other than the requester approve it.
 */
public enum Risk {
    LOW,
    HIGH
}
