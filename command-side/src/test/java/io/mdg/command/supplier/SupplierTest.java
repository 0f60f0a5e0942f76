package io.mdg.command.supplier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.api.supplier.AttributeChange;
import io.mdg.api.supplier.SubmitSupplierCommand;
import io.mdg.api.supplier.SupplierAttribute;
import io.mdg.api.supplier.SupplierAttributes;
import io.mdg.api.supplier.SupplierAttributesChangedEvent;
import io.mdg.api.supplier.SupplierRegisteredEvent;
import io.mdg.command.xref.SourceRecordLocks;

class SupplierTest {

    private static final String ID = "supplier-1";
    private static final Actor ERP_CLIENT = Actor.client("erp");
    private static final SourceRef ERP_V1 = new SourceRef(SourceSystem.ERP, "V-1001", 1L);
    private static final SourceRef ERP_V2 = new SourceRef(SourceSystem.ERP, "V-1001", 2L);
    private static final SupplierAttributes ACME = new SupplierAttributes("Acme Medical Inc.", "12-3456789", null, null);

    private AggregateTestFixture<Supplier> fixture;
    private InMemoryCrossReferences crossReferences;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Supplier.class);
        crossReferences = new InMemoryCrossReferences();
        fixture.registerAnnotatedCommandHandler(new SupplierSubmissionHandler(
                fixture.getRepository(), crossReferences, new SourceRecordLocks(16), () -> ID));
    }

    @Test
    void a_new_source_record_creates_the_golden_record_and_its_cross_reference() {
        fixture.givenNoPriorActivity()
                .when(new SubmitSupplierCommand(ERP_V1, new SupplierAttributes(" Acme  Medical Inc.", "123456789", null, null), ERP_CLIENT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new SupplierRegisteredEvent(ID, ERP_V1, ERP_CLIENT, ACME))
                .expectResultMessagePayload(new SubmissionResult(SubmissionOutcome.CREATED, ID, List.of(
                        AttributeResult.of("legalName", AttributeStatus.APPLIED),
                        AttributeResult.of("taxId", AttributeStatus.APPLIED)), List.of()));
        assertThat(crossReferences.find(EntityType.SUPPLIER, ERP_V1)).contains(ID);
    }

    @Test
    void a_newer_submission_applies_only_the_changed_attributes() {
        crossReferences.link(EntityType.SUPPLIER, ERP_V1, ID);
        fixture.given(new SupplierRegisteredEvent(ID, ERP_V1, ERP_CLIENT, ACME))
                .when(new SubmitSupplierCommand(ERP_V2,
                        new SupplierAttributes("Acme Medical LLC", "12-3456789", "150483782", null), ERP_CLIENT))
                .expectEvents(new SupplierAttributesChangedEvent(ID, ERP_V2, ERP_CLIENT, List.of(
                        new AttributeChange(SupplierAttribute.LEGAL_NAME, "Acme Medical Inc.", "Acme Medical LLC"),
                        new AttributeChange(SupplierAttribute.DUNS, null, "150483782"))))
                .expectResultMessagePayload(new SubmissionResult(SubmissionOutcome.UPDATED, ID, List.of(
                        AttributeResult.of("legalName", AttributeStatus.APPLIED),
                        AttributeResult.of("taxId", AttributeStatus.UNCHANGED),
                        AttributeResult.of("duns", AttributeStatus.APPLIED)), List.of()));
    }

    @Test
    void an_identical_repeat_is_unchanged_and_stores_no_event() {
        crossReferences.link(EntityType.SUPPLIER, ERP_V1, ID);
        fixture.given(new SupplierRegisteredEvent(ID, ERP_V1, ERP_CLIENT, ACME))
                .when(new SubmitSupplierCommand(ERP_V1, ACME, ERP_CLIENT))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(
                        r -> ((SubmissionResult) r).outcome() == SubmissionOutcome.UNCHANGED));
    }

    @Test
    void an_older_version_with_other_values_is_stale_and_stores_no_event() {
        crossReferences.link(EntityType.SUPPLIER, ERP_V1, ID);
        fixture.given(new SupplierRegisteredEvent(ID, ERP_V2, ERP_CLIENT, ACME))
                .when(new SubmitSupplierCommand(ERP_V1, new SupplierAttributes("Old Name Inc.", null, null, null), ERP_CLIENT))
                .expectNoEvents()
                .expectResultMessagePayload(new SubmissionResult(SubmissionOutcome.STALE, ID, List.of(), List.of()));
    }

    @Test
    void the_same_version_with_other_values_is_stale() {
        crossReferences.link(EntityType.SUPPLIER, ERP_V1, ID);
        fixture.given(new SupplierRegisteredEvent(ID, ERP_V1, ERP_CLIENT, ACME))
                .when(new SubmitSupplierCommand(ERP_V1, new SupplierAttributes("Other Name Inc.", null, null, null), ERP_CLIENT))
                .expectNoEvents()
                .expectResultMessagePayload(new SubmissionResult(SubmissionOutcome.STALE, ID, List.of(), List.of()));
    }

    @Test
    void an_unversioned_submission_always_applies_its_changes() {
        SourceRef unversioned = new SourceRef(SourceSystem.ERP, "V-1001", null);
        crossReferences.link(EntityType.SUPPLIER, unversioned, ID);
        fixture.given(new SupplierRegisteredEvent(ID, ERP_V2, ERP_CLIENT, ACME))
                .when(new SubmitSupplierCommand(unversioned, new SupplierAttributes("Acme Medical LLC", null, null, null), ERP_CLIENT))
                .expectEvents(new SupplierAttributesChangedEvent(ID, unversioned, ERP_CLIENT, List.of(
                        new AttributeChange(SupplierAttribute.LEGAL_NAME, "Acme Medical Inc.", "Acme Medical LLC"))));
    }

    @Test
    void an_invalid_submission_is_rejected_with_field_codes_and_creates_nothing() {
        fixture.givenNoPriorActivity()
                .when(new SubmitSupplierCommand(ERP_V1, new SupplierAttributes(null, "12-345", null, null), ERP_CLIENT))
                .expectNoEvents()
                .expectResultMessagePayload(SubmissionResult.rejected(null, List.of(
                        new FieldError("legalName", "REQUIRED", "legalName is required for a new supplier"),
                        new FieldError("taxId", "TAX_ID_FORMAT", "a US tax id (EIN) has the form NN-NNNNNNN"))));
        assertThat(crossReferences.find(EntityType.SUPPLIER, ERP_V1)).isEmpty();
    }

    @Test
    void an_invalid_update_leaves_the_golden_record_as_it_was() {
        crossReferences.link(EntityType.SUPPLIER, ERP_V1, ID);
        fixture.given(new SupplierRegisteredEvent(ID, ERP_V1, ERP_CLIENT, ACME))
                .when(new SubmitSupplierCommand(ERP_V2, new SupplierAttributes("Acme Medical LLC", null, null, "8904000210038"), ERP_CLIENT))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(
                        r -> ((SubmissionResult) r).outcome() == SubmissionOutcome.REJECTED
                                && ((SubmissionResult) r).goldenId().equals(ID)
                                && ((SubmissionResult) r).errors().get(0).code().equals("GLN_CHECK_DIGIT")));
    }
}
