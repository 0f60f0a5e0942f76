package io.mdg.command.record;

import java.util.List;

import org.axonframework.commandhandling.CommandHandler;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.error.ErrorCode;
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
        existing(command.type(), command.recordId());
        repositories.load(command.type(), command.recordId()).execute(record -> {
            RecordFacts current = new RecordFacts(record.recordId(), record.type(), record.status(), record.attributes());
            record.changeLifecycle(command.target(), command.reason(), command.actor(),
                    LifecycleRules.check(current, command.target(), lookups));
        });
    }

    @CommandHandler
    public void handle(MergeRecordsCommand command) {
        RecordFacts survivor = existing(command.type(), command.survivorId());
        RecordFacts merged = existing(command.type(), command.mergedId());
        for (RecordFacts facts : List.of(survivor, merged)) {
            if (facts.status() == LifecycleStatus.RETIRED) {
                throw new CommandRefusedException(ErrorCode.CONFLICT, "RECORD_RETIRED",
                        "record " + facts.id() + " is retired and cannot take part in a merge");
            }
        }
        List<SourceRef> moved = repositories.load(command.type(), command.mergedId())
                .invoke(record -> record.mergeInto(command.survivorId(), command.reason(), command.actor()));
        repositories.load(command.type(), command.survivorId())
                .execute(record -> record.absorb(command.mergedId(), moved, command.actor()));
    }

    private RecordFacts existing(EntityType type, String recordId) {
        RecordFacts facts = lookups.find(recordId).orElseThrow(() -> new CommandRefusedException(ErrorCode.NOT_FOUND,
                "NOT_FOUND", "no golden record " + recordId));
        if (facts.type() != type) {
            throw new CommandRefusedException(ErrorCode.NOT_FOUND, "NOT_FOUND",
                    "record " + recordId + " is a " + facts.type() + ", not a " + type);
        }
        return facts;
    }
}
