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
import io.mdg.api.audit.SubmissionRefusedEvent;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.Identifier;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.Ref;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.command.changerequest.ChangeRequests;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.command.lookup.SourceRecordLocks;
import io.mdg.rules.Violation;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.record.RecordRules;
import io.mdg.rules.record.ReferenceLookup;

/**
 * Handles a source system's submission of any entity type: canonicalises and checks the values by the governance
 * rules, resolves references given as the source's own ids, resolves the cross-reference (or an exact identifier
 * match, which links the new source record to the existing golden record instead of creating a twin), then lets the
 * aggregate decide attribute by attribute. Submissions that touch the same source record or identifier are
 * serialised until their unit of work ends, so concurrent first submissions never create twins.
 *
 * <p>A submission refused in whole (REJECTED) or in part (attributes NOT_SYSTEM_OF_RECORD or INVALID) changes no
 * golden record and so leaves no aggregate event; the handler publishes a {@link SubmissionRefusedEvent} for it in
 * the same unit of work, so that the audit trail keeps refused attempts as long as the events.
 */
public class SubmissionHandler {

    private final RecordRepositories repositories;
    private final CommandLookups lookups;
    private final SourceRecordLocks locks;
    private final GovernancePolicy policy;
    private final Supplier<String> idGenerator;
    private final ChangeRequests changeRequests;
    private final EventGateway events;

    public SubmissionHandler(RecordRepositories repositories, CommandLookups lookups, SourceRecordLocks locks,
                             GovernancePolicy policy, Supplier<String> idGenerator, ChangeRequests changeRequests,
                             EventGateway events) {
        this.changeRequests = changeRequests;
        this.events = events;
        this.repositories = repositories;
        this.lookups = lookups;
        this.locks = locks;
        this.policy = policy;
        this.idGenerator = idGenerator;
    }

    @CommandHandler
    public SubmissionResult handle(SubmitRecordCommand command) throws Exception {
        MasterAttributes submitted = RecordRules.normalize(command.attributes());
        List<FieldError> errors = new ArrayList<>(GovernedRecord.errors(RecordRules.checkValues(submitted)));
        submitted = submitted.resolveReferences((attribute, target, ref) ->
                resolve(attribute, target, ref, command.source(), errors));
        Decision decision = decide(command, submitted, errors);
        SubmissionResult result = decision.result();
        // A redelivered version's refused attributes were audited when it first came: retries add no audit entry.
        SubmissionRefusedEvent refused = decision.redelivered() ? null : refusal(command, submitted, result);
        if (refused != null) {
            events.publish(refused);
        }
        return result;
    }

    /**
     * What to audit of a refused submission: all attributes sent when it was REJECTED, else those refused; null when
     * nothing was refused.
     */
    static SubmissionRefusedEvent refusal(SubmitRecordCommand command, MasterAttributes submitted,
                                          SubmissionResult result) {
        List<AttributeResult> refused;
        if (result.outcome() == SubmissionOutcome.REJECTED) {
            refused = !result.attributes().isEmpty() ? result.attributes()
                    : Attributes.values(submitted).keySet().stream().map(attribute -> new AttributeResult(attribute,
                    AttributeStatus.INVALID, "NOT_APPLIED", "not applied: the submission was rejected (see errors)"))
                    .toList();
        } else {
            refused = result.attributes().stream().filter(r -> r.status() == AttributeStatus.NOT_SYSTEM_OF_RECORD
                    || r.status() == AttributeStatus.INVALID).toList();
            if (refused.isEmpty()) {
                return null;
            }
        }
        MasterAttributes values = Attributes.only(submitted, refused.stream().map(AttributeResult::attribute).toList());
        return new SubmissionRefusedEvent(command.type(), result.goldenId(), command.source(), command.actor(),
                result.outcome(), refused, values, result.errors());
    }

    /** The result of a submission, and whether it repeated a source version the record had already seen. */
    private record Decision(SubmissionResult result, boolean redelivered) {
        static Decision of(SubmissionResult result) {
            return new Decision(result, false);
        }
    }

    private Decision decide(SubmitRecordCommand command, MasterAttributes submitted, List<FieldError> errors)
            throws Exception {
        EntityType type = command.type();
        SourceRef source = command.source();
        if (!errors.isEmpty()) {
            return Decision.of(SubmissionResult.rejected(lookups.findBySource(type, source).orElse(null), errors));
        }

        Set<String> lockKeys = new LinkedHashSet<>();
        lockKeys.add("source|" + type + "|" + source.key());
        submitted.identifiers().forEach(id -> lockKeys.add("id|" + type + "|" + id));
        locks.lockUntilUnitOfWorkEnds(lockKeys);

        // one round trip for the cross-reference and every identifier's owner; under the locks just taken, the
        // identifiers' owners cannot change before this unit of work ends, so the validator reuses them
        CommandLookups.Owners owners = lookups.owners(type, source, submitted.identifiers());
        Map<Identifier, Optional<String>> known = owners.byIdentifier();
        Optional<String> goldenId = owners.bySource();
        String matchedOn = null;
        if (goldenId.isEmpty()) {
            Set<String> matches = new LinkedHashSet<>();
            for (Identifier identifier : submitted.identifiers()) {
                Optional<String> owner = known.get(identifier);
                if (owner.isPresent()) {
                    matches.add(owner.get());
                    if (matchedOn == null) {
                        matchedOn = identifier.toString();
                    }
                }
            }
            if (matches.size() > 1) {
                return Decision.of(SubmissionResult.rejected(null, List.of(new FieldError("identifiers",
                        "AMBIGUOUS_IDENTIFIERS", "the identifiers belong to different golden records " + matches
                        + "; a steward must merge them"))));
            }
            goldenId = matches.stream().findFirst();
        }

        MasterAttributes attributes = submitted;
        if (goldenId.isPresent()) {
            String id = goldenId.get();
            String linkedOn = matchedOn;
            String changeRequestId = changeRequests.newId();
            return repositories.load(type, id).invoke(record -> {
                SubmissionResult result = record.submit(source, attributes, command.actor(), linkedOn, policy,
                        validator(id, type, known), changeRequestId, LocalDate.now(ZoneOffset.UTC));
                String opened = openFor(record, id);
                return new Decision(opened == null ? result : result.withChangeRequest(opened),
                        record.lastRedelivered());
            });
        }
        String newId = idGenerator.get();
        String changeRequestId = changeRequests.newId();
        try {
            return Decision.of(repositories.create(type, () -> repositories.factory(type).create(newId, source,
                    attributes, command.actor(), policy, validator(newId, type, known), changeRequestId)).invoke(record -> {
                        String opened = openFor(record, newId);
                        return opened == null ? record.creationResult()
                                : record.creationResult().withChangeRequest(opened);
                    }));
        } catch (SubmissionRejectedException e) {
            return Decision.of(new SubmissionResult(SubmissionOutcome.REJECTED, null, e.attributes(), e.errors()));
        }
    }

    /** Opens the change request for what the record has just held, closing those it superseded. */
    private String openFor(GovernedRecord record, String recordId) {
        try {
            return changeRequests.openFor(record, null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the change request for " + recordId, e);
        }
    }

    /** The record rules on the record that would result, and uniqueness of its identifiers. */
    public RecordValidator validator(String recordId) {
        return validator(recordId, null, Map.of());
    }

    /** As {@link #validator(String)}, with the owners of some identifiers already known (looked up under lock). */
    private RecordValidator validator(String recordId, EntityType knownType, Map<Identifier, Optional<String>> known) {
        return new RecordValidator() {
            @Override
            public List<Violation> validate(MasterAttributes resulting, boolean isNew) {
                List<Violation> violations = new ArrayList<>(RecordRules.checkRecord(recordId, resulting, isNew,
                        lookups));
                for (Identifier identifier : resulting.identifiers()) {
                    Optional<String> owner = resulting.entityType() == knownType && known.containsKey(identifier)
                            ? known.get(identifier) : lookups.findByIdentifier(resulting.entityType(), identifier);
                    if (owner.isPresent() && !owner.get().equals(recordId)) {
                        violations.add(new Violation(identifierField(identifier), "DUPLICATE_IDENTIFIER",
                                identifier + " already identifies golden record " + owner.get()));
                    }
                }
                return violations;
            }

            @Override
            public ReferenceLookup lookup() {
                return lookups;
            }
        };
    }

    private static String identifierField(Identifier identifier) {
        return switch (identifier.kind()) {
            case "TAX_ID" -> "taxId";
            case "DUNS" -> "duns";
            case "GTIN" -> "packaging";
            case "UDI_DI" -> "udiDi";
            case "GLN" -> "gln";
            case "HIN" -> "hin";
            case "CONTRACT_NUMBER" -> "contractNumber";
            default -> identifier.kind();
        };
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
