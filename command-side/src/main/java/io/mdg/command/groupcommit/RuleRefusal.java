package io.mdg.command.groupcommit;

/**
 * A command's failure that is a rule's decision (e.g. a change request already approved): handling the command again
 * decides the same, so the bus never tries it again as it does a write conflict.
 */
public interface RuleRefusal {
}
