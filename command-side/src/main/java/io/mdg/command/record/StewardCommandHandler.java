package io.mdg.command.record;

import java.util.List;

import org.axonframework.commandhandling.CommandHandler;

import io.mdg.api.SourceRef;
import io.mdg.api.record.ChangeLifecycleCommand;
import io.mdg.api.record.MergeRecordsCommand;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.rules.record.LifecycleRules;
import io.mdg.rules.record.RecordFacts;

/** A steward's commands on golden records: lifecycle changes under the lifecycle rules, and merges of duplicates. */
public class StewardCommandHandler {

    private final RecordRepositories repositories;
    private final CommandLookups lookups;

    public StewardCommandHandler(RecordRepositories repositories, CommandLookups lookups) {
        this.repositories = repositories;
        this.lookups = lookups;
    }

    @CommandHandler
    public void handle(ChangeLifecycleCommand command) {
        lookups.require(command.type(), command.recordId());
        repositories.load(command.type(), command.recordId()).execute(record -> {
            RecordFacts current = new RecordFacts(record.recordId(), record.type(), record.status(), record.attributes());
            record.changeLifecycle(command.target(), command.reason(), command.actor(),
                    LifecycleRules.check(current, command.target(), lookups));
        });
    }

    @CommandHandler
    public void handle(MergeRecordsCommand command) {
        // both must exist and be of the type; the aggregates refuse a retired one (RECORD_RETIRED)
        lookups.require(command.type(), command.survivorId());
        lookups.require(command.type(), command.mergedId());
        List<SourceRef> moved = repositories.load(command.type(), command.mergedId())
                .invoke(record -> record.mergeInto(command.survivorId(), command.reason(), command.actor()));
        repositories.load(command.type(), command.survivorId())
                .execute(record -> record.absorb(command.mergedId(), moved, command.actor()));
    }
}
