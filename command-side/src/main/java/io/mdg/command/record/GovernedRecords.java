package io.mdg.command.record;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;

import io.mdg.api.record.DecideSubmissionCommand;
import io.mdg.api.record.RecordCommand;
import io.mdg.api.record.SubmissionDecision;
import io.mdg.rules.decision.RecordState;

/**
 * How the command side's handlers hand a command to a golden record, in their own unit of work (as Axon's aggregate
 * command handler does: the record is loaded, or created, and its {@code @CommandHandler} answers).
 */
public class GovernedRecords {

    private final Repository<GovernedRecord> repository;

    public GovernedRecords(Repository<GovernedRecord> repository) {
        this.repository = repository;
    }

    /**
     * The record decides a submission: an existing record ({@code exists}), or a new one that the decision creates.
     * A new record is created without reading the event store for it (its id was just made up); Axon's own
     * {@code CREATE_IF_MISSING} routing, which reads it first, serves the command when it comes over the bus.
     */
    public SubmissionDecision decide(DecideSubmissionCommand command, boolean exists) {
        Aggregate<GovernedRecord> record;
        try {
            record = exists ? repository.load(command.recordId()) : repository.newInstance(GovernedRecord::new);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create golden record " + command.recordId(), e);
        }
        SubmissionDecision decision = handle(record, command);
        long version = record.invoke(GovernedRecord::version);
        return version == 0 ? decision
                : new SubmissionDecision(decision.result().withVersion(version), decision.refusal());
    }

    /** The record (which must exist) handles the command; answers what its handler returns. */
    public <R> R send(RecordCommand command) {
        return handle(repository.load(command.recordId()), command);
    }

    /** The record's state, for reading. */
    public RecordState state(String recordId) {
        return repository.load(recordId).invoke(GovernedRecord::state);
    }

    @SuppressWarnings("unchecked")
    private static <R> R handle(Aggregate<GovernedRecord> record, Object command) {
        try {
            return (R) record.handle(GenericCommandMessage.asCommandMessage(command));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
