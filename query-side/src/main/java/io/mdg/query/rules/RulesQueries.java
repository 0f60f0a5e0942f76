package io.mdg.query.rules;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.rules.FindRulesChangesQuery;
import io.mdg.api.rules.FindRulesQuery;
import io.mdg.api.rules.RulesChangeView;
import io.mdg.api.rules.RulesView;

/** Answers the rules queries from {@link RulesChanges}. */
@Component
@Profile("query")
public class RulesQueries {

    private final RulesChanges changes;
    private final Clock clock = Clock.systemUTC();

    public RulesQueries(RulesChanges changes) {
        this.changes = changes;
    }

    @QueryHandler
    public Optional<RulesView> handle(FindRulesQuery query) {
        return changes.inForce(query.asOf() == null ? clock.instant() : query.asOf());
    }

    @QueryHandler
    public List<RulesChangeView> handle(FindRulesChangesQuery query) {
        return changes.changes(query.status());
    }
}
