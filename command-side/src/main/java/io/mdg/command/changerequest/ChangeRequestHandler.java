package io.mdg.command.changerequest;

import java.util.List;

import org.axonframework.commandhandling.CommandHandler;

import io.mdg.api.Actor;
import io.mdg.api.changerequest.ProposeChangeCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.record.HoldProposedChangeCommand;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.command.personal.PersonIds;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.command.record.ExistingRecords;
import io.mdg.command.record.GovernedRecords;
import io.mdg.rules.Violation;
import io.mdg.rules.record.RecordFacts;
import io.mdg.rules.record.RecordRules;

/**
 * A steward's proposal: the set-based part (the record exists and is of the type, the values are checked), then the
 * golden record holds the change (which opens its request through {@link ChangeRequestOpener}). The decisions on a
 * request (approve, reject, withdraw) are the request's own command handlers ({@link ChangeRequest}); their effects
 * on the record follow in the same unit of work ({@link ChangeRequestOutcomes}).
 */
public class ChangeRequestHandler {

    private final ChangeRequests changeRequests;
    private final GovernedRecords records;
    private final CommandLookups lookups;
    private final PersonIds people;

    public ChangeRequestHandler(ChangeRequests changeRequests, GovernedRecords records, CommandLookups lookups) {
        this(changeRequests, records, lookups, PersonIds.NONE);
    }

    /** @param people assigns the person ids of a supplier's proposed contacts */
    public ChangeRequestHandler(ChangeRequests changeRequests, GovernedRecords records, CommandLookups lookups,
                                PersonIds people) {
        this.people = people;
        this.changeRequests = changeRequests;
        this.records = records;
        this.lookups = lookups;
    }

    @CommandHandler
    public String handle(ProposeChangeCommand command) {
        RecordFacts facts = ExistingRecords.require(lookups, command.type(), command.recordId());
        if (command.actor().type() != Actor.ActorType.USER) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "SOURCE_CLIENT_CANNOT_PROPOSE",
                    "source systems submit their records; proposals are stewards' edits");
        }
        MasterAttributes proposed = RecordRules.normalize(command.proposed());
        List<Violation> violations = RecordRules.checkValues(proposed);
        if (!violations.isEmpty()) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, violations.get(0).code(),
                    violations.get(0).field() + ": " + violations.get(0).message());
        }
        return records.send(new HoldProposedChangeCommand(facts.id(), people.identify(facts.id(), proposed),
                command.reason(), command.actor(),
                changeRequests.newId()));
    }
}
