package io.mdg.api.rules;

import java.time.Instant;

/** The rules in force at {@code asOf} (null: now); answers a {@link RulesView}, or null before any rules. */
public record FindRulesQuery(Instant asOf) {
}
