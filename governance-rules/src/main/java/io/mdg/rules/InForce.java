package io.mdg.rules;

import java.util.Objects;

/**
 * One part of the governance rules as in force now: asked at each use, never kept, so that a rules change approved by
 * a second admin takes effect on every node at its effective time (the rules in force live in the database and each
 * node reads them again as they change). A command being decided gets the part of the version it decides by (the same
 * for its whole unit of work); anything else gets the version in force at the moment it asks.
 *
 * <p>Implemented over the command side's {@code io.mdg.command.rules.RulesInForce} by the service's configuration;
 * this interface is here so that the query side and the API, which may not depend on the command side, ask it too.
 *
 * @param <T> the part of the rules (e.g. the matching rules, the access rules, the request limits)
 */
@FunctionalInterface
public interface InForce<T> {

    /** The part of the rules in force now. */
    T now();

    /** Always the same rules (tools and tests that decide by one fixed version). */
    static <T> InForce<T> always(T rules) {
        Objects.requireNonNull(rules, "rules");
        return () -> rules;
    }
}
