package io.mdg.command.supplier;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.api.supplier.SubmitSupplierCommand;
import io.mdg.api.supplier.SupplierAttribute;
import io.mdg.api.supplier.SupplierAttributes;
import io.mdg.command.xref.CrossReferences;
import io.mdg.command.xref.SourceRecordLocks;
import io.mdg.rules.supplier.SupplierSubmissionRules;

/**
 * Handles a source system's supplier submission: validates and canonicalises it by the governance rules, resolves
 * the cross-reference, and creates the golden record or lets the aggregate decide the update. Submissions of one
 * source record are serialised (they are routed to one node by their routing key, and locked here until the unit
 * of work ends), so two concurrent first submissions never create twins.
 */
public class SupplierSubmissionHandler {

    private final Repository<io.mdg.command.supplier.Supplier> repository;
    private final CrossReferences crossReferences;
    private final SourceRecordLocks locks;
    private final Supplier<String> idGenerator;

    public SupplierSubmissionHandler(Repository<io.mdg.command.supplier.Supplier> repository,
                                     CrossReferences crossReferences,
                                     SourceRecordLocks locks,
                                     Supplier<String> idGenerator) {
        this.repository = repository;
        this.crossReferences = crossReferences;
        this.locks = locks;
        this.idGenerator = idGenerator;
    }

    @CommandHandler
    public SubmissionResult handle(SubmitSupplierCommand command) throws Exception {
        SourceRef source = command.source();
        locks.lockUntilUnitOfWorkEnds(EntityType.SUPPLIER, source);
        Optional<String> goldenId = crossReferences.find(EntityType.SUPPLIER, source);

        SupplierAttributes sent = command.attributes();
        var checked = SupplierSubmissionRules.check(
                sent.legalName(), sent.taxId(), sent.duns(), sent.gln(), goldenId.isEmpty());
        if (!checked.valid()) {
            List<FieldError> errors = checked.violations().stream()
                    .map(v -> new FieldError(v.field(), v.code(), v.message()))
                    .toList();
            return SubmissionResult.rejected(goldenId.orElse(null), errors);
        }
        var canonical = checked.canonical();
        SupplierAttributes attributes = new SupplierAttributes(
                canonical.legalName(), canonical.taxId(), canonical.duns(), canonical.gln());

        if (goldenId.isPresent()) {
            return repository.load(goldenId.get()).invoke(s -> s.submit(source, attributes, command.actor()));
        }
        String newId = idGenerator.get();
        crossReferences.link(EntityType.SUPPLIER, source, newId);
        repository.newInstance(() -> new io.mdg.command.supplier.Supplier(newId, source, attributes, command.actor()));
        List<AttributeResult> results = java.util.Arrays.stream(SupplierAttribute.values())
                .filter(a -> a.valueIn(attributes) != null)
                .map(a -> AttributeResult.of(a.fieldName(), AttributeStatus.APPLIED))
                .toList();
        return new SubmissionResult(SubmissionOutcome.CREATED, newId, results, List.of());
    }
}
