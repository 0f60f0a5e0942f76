package io.mdg.command.location;

import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.context.annotation.Profile;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;
import io.mdg.command.record.GovernedRecord;
import io.mdg.command.record.RecordValidator;
import io.mdg.rules.policy.GovernancePolicy;

/** The golden location record; its governance is that of every {@link GovernedRecord}. */
@Aggregate
@Profile("command")
public class Location extends GovernedRecord {

    protected Location() {
        // for Axon
    }

    public Location(String recordId, SourceRef source, MasterAttributes submitted, Actor actor, GovernancePolicy policy,
            RecordValidator validator, String changeRequestId) {
        super(recordId, source, submitted, actor, policy, validator, changeRequestId);
    }
}
