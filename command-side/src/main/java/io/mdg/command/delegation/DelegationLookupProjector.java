package io.mdg.command.delegation;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

import io.mdg.api.delegation.ApprovalsDelegatedEvent;
import io.mdg.api.delegation.DelegationRevokedEvent;
import io.mdg.command.lookup.RecordLookupProjector;

/**
 * Feeds the command side's table of delegations ({@link DelegationLookup}) from the events, in the command lookups'
 * subscribing processor: in the unit of work and transaction that stores them.
 */
@ProcessingGroup(RecordLookupProjector.GROUP)
public class DelegationLookupProjector {

    private final DelegationLookup lookup;

    public DelegationLookupProjector(DelegationLookup lookup) {
        this.lookup = lookup;
    }

    @EventHandler
    void on(ApprovalsDelegatedEvent event) {
        lookup.insert(event.delegationId(), event.delegator().name(), event.delegate(), event.role(), event.from(),
                event.until());
    }

    @EventHandler
    void on(DelegationRevokedEvent event) {
        lookup.revoke(event.delegationId());
    }
}
