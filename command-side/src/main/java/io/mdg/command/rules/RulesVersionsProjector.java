package io.mdg.command.rules;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

import io.mdg.api.rules.RulesAdoptedEvent;
import io.mdg.api.rules.RulesChangeApprovedEvent;

/**
 * Writes each version of the rules put in force into {@link RulesVersionsTable}, in a subscribing processor: in the
 * unit of work and transaction that stores the adoption or approval, so a version is in the table exactly when its
 * event is in the event store (a failure fails the command).
 */
@ProcessingGroup(RulesVersionsProjector.GROUP)
public class RulesVersionsProjector {

    public static final String GROUP = "rules-versions";

    private final RulesVersionsTable table;

    public RulesVersionsProjector(RulesVersionsTable table) {
        this.table = table;
    }

    @EventHandler
    void on(RulesAdoptedEvent event) {
        table.insert(new RulesVersionsTable.Row(event.effectiveFrom(), event.version(), event.hash(), event.text(),
                null, event.actor().name(), null));
    }

    @EventHandler
    void on(RulesChangeApprovedEvent event) {
        table.insert(new RulesVersionsTable.Row(event.effectiveFrom(), event.version(), event.hash(), event.text(),
                event.changeId(), event.proposer().name(), event.approver().name()));
    }
}
