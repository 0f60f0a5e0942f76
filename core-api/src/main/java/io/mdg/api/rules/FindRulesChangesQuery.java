package io.mdg.api.rules;

/** The rules change proposals with {@code status} (null: all), newest first; answers a list of {@link RulesChangeView}. */
public record FindRulesChangesQuery(RulesChangeStatus status) {
}
