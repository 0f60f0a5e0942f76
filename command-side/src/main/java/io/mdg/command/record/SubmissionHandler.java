package io.mdg.command.record;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.gateway.EventGateway;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.model.Identifier;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.Ref;
import io.mdg.api.record.DecideSubmissionCommand;
import io.mdg.api.record.SubmissionDecision;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.command.lookup.SourceRecordLocks;
import io.mdg.command.personal.PersonIds;
import io.mdg.rules.decision.RecordDecider;
import io.mdg.rules.record.RecordRules;
import io.mdg.rules.record.UniqueIdentifiers;

/**
 * The set-based part of a source system's submission of any entity type: canonicalises and checks the values by the
 * governance rules, resolves references given as the source's own ids, resolves the cross-reference (or an exact
 * identifier match, which links the new source record to the existing golden record instead of creating a twin),
 * then sends the golden record a {@link DecideSubmissionCommand}: the record decides attribute by attribute
 * ({@link GovernedRecord}, which creates itself when the source record is new). Submissions that touch the same
 * source record or identifier are serialised until their unit of work ends, so concurrent first submissions never
 * create twins.
 *
 * <p>A submission refused in whole (REJECTED) or in part (attributes NOT_SYSTEM_OF_RECORD or INVALID) changes no
 * golden record and so leaves no aggregate event; the handler publishes the decision's
 * {@link io.mdg.api.audit.SubmissionRefusedEvent} in the same unit of work, so that the audit trail keeps refused
 * attempts as long as the events.
 */
public class SubmissionHandler {

    private final GovernedRecords records;
    private final CommandLookups lookups;
    private final SourceRecordLocks locks;
    private final Supplier<String> idGenerator;
    private final EventGateway events;
    private final PersonIds people;

    public SubmissionHandler(GovernedRecords records, CommandLookups lookups, SourceRecordLocks locks,
                             Supplier<String> idGenerator, EventGateway events) {
        this(records, lookups, locks, idGenerator, events, PersonIds.NONE);
    }

    /** @param people assigns the person ids of a supplier's contacts once the record is known */
    public SubmissionHandler(GovernedRecords records, CommandLookups lookups, SourceRecordLocks locks,
                             Supplier<String> idGenerator, EventGateway events, PersonIds people) {
        this.people = people;
        this.records = records;
        this.events = events;
        this.lookups = lookups;
        this.locks = locks;
        this.idGenerator = idGenerator;
    }

    @CommandHandler
    public SubmissionResult handle(SubmitRecordCommand command) throws InterruptedException {
        MasterAttributes submitted = RecordRules.normalize(command.attributes());
        List<FieldError> errors = new ArrayList<>(RecordDecider.errors(RecordRules.checkValues(submitted)));
        submitted = submitted.resolveReferences((attribute, target, ref) ->
                resolve(attribute, target, ref, command.source(), errors));
        SubmissionDecision decision = decide(command, submitted, errors);
        if (decision.refusal() != null) {
            events.publish(decision.refusal());
        }
        return decision.result();
    }

    /** A submission refused before any record decided it: audited with all it sent. */
    private static SubmissionDecision rejected(SubmitRecordCommand command, MasterAttributes submitted,
                                               SubmissionResult result) {
        return new SubmissionDecision(result, RecordDecider.refusal(command.type(), command.source(),
                command.actor(), submitted, result));
    }

    private SubmissionDecision decide(SubmitRecordCommand command, MasterAttributes submitted,
                                      List<FieldError> errors) throws InterruptedException {
        EntityType type = command.type();
        SourceRef source = command.source();
        if (!errors.isEmpty()) {
            return rejected(command, submitted,
                    SubmissionResult.rejected(lookups.findBySource(type, source).orElse(null), errors));
        }

        Set<String> lockKeys = new LinkedHashSet<>();
        lockKeys.add("source|" + type + "|" + source.key());
        List<Identifier> identifiers = UniqueIdentifiers.of(submitted);
        identifiers.forEach(id -> lockKeys.add("id|" + type + "|" + id));
        locks.lockUntilUnitOfWorkEnds(lockKeys);

        // one round trip for the cross-reference and every identifier's owner; under the locks just taken, the
        // identifiers' owners cannot change before this unit of work ends, so the record's checks reuse them
        CommandLookups.Owners owners = lookups.owners(type, source, identifiers);
        Map<Identifier, Optional<String>> known = owners.byIdentifier();
        Optional<String> goldenId = owners.bySource();
        String matchedOn = null;
        if (goldenId.isEmpty()) {
            Set<String> matches = new LinkedHashSet<>();
            for (Identifier identifier : identifiers) {
                Optional<String> owner = known.get(identifier);
                if (owner.isPresent()) {
                    matches.add(owner.get());
                    if (matchedOn == null) {
                        matchedOn = identifier.toString();
                    }
                }
            }
            if (matches.size() > 1) {
                return rejected(command, submitted, SubmissionResult.rejected(null, List.of(new FieldError(
                        "identifiers", "AMBIGUOUS_IDENTIFIERS", "the identifiers belong to different golden records "
                        + matches + "; a steward must merge them"))));
            }
            goldenId = matches.stream().findFirst();
        }
        String recordId = goldenId.orElseGet(idGenerator);
        return records.decide(new DecideSubmissionCommand(recordId, source, people.identify(recordId, submitted),
                command.actor(), matchedOn, idGenerator.get(), LocalDate.now(ZoneOffset.UTC)), goldenId.isPresent());
    }

    /** A reference by the source's own id becomes the golden id through that source's cross-reference. */
    private Ref resolve(String attribute, EntityType target, Ref ref, SourceRef source, List<FieldError> errors) {
        boolean hasId = ref.id() != null && !ref.id().isBlank();
        boolean hasSourceId = ref.sourceId() != null && !ref.sourceId().isBlank();
        if (hasId == hasSourceId) {
            errors.add(new FieldError(attribute, "INVALID_REFERENCE",
                    "give either the golden id or the source's own id of the " + target.name().toLowerCase()));
            return ref;
        }
        if (hasId) {
            return Ref.to(ref.id().trim());
        }
        Optional<String> golden = lookups.findBySource(target, new SourceRef(source.system(), ref.sourceId().trim(), null));
        if (golden.isEmpty()) {
            errors.add(new FieldError(attribute, "REFERENCE_NOT_FOUND", "no " + target.name().toLowerCase()
                    + " with " + source.system() + " id " + ref.sourceId().trim() + " is known"));
            return ref;
        }
        return Ref.to(golden.get());
    }
}
