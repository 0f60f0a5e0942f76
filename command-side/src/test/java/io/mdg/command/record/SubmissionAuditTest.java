package io.mdg.command.record;

import java.util.List;

import javax.sql.DataSource;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.DefaultEventGateway;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.audit.SubmissionRefusedEvent;
import io.mdg.api.model.Contact;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordCommand;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.command.lookup.CrossRecordChecks;
import io.mdg.command.lookup.RecordLookupProjector;
import io.mdg.command.lookup.SourceRecordLocks;
import io.mdg.command.routing.PayloadTargetResolver;
import io.mdg.postgres.PostgresPerClass;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.policy.GovernancePolicy;

/**
 * The real submission handler (lookups in the embedded PostgreSQL, the default rules file) publishes a
 * {@link SubmissionRefusedEvent} next to the aggregate's events whenever a submission is refused in whole or in part,
 * and nothing extra when everything sent was decided normally.
 */
class SubmissionAuditTest {

    private static final String ID = "supplier-1";
    private static final GovernancePolicy POLICY = RulesFile.loadDefault().policy();
    private static final Actor ERP = Actor.client("erp");
    private static final Actor PORTAL = Actor.client("supplier-portal");
    private static final SourceRef ERP_1 = new SourceRef(SourceSystem.ERP, "V-1", 1L);
    private static final SourceRef ERP_2 = new SourceRef(SourceSystem.ERP, "V-1", 2L);
    private static final SourceRef PORTAL_1 = new SourceRef(SourceSystem.SUPPLIER_PORTAL, "P-1", 1L);
    private static final SupplierAttributes ACME = SupplierAttributes.named("Acme Medical Inc.");
    private static final List<Contact> CONTACTS = List.of(new Contact("Kim", "sales", "kim@acme.example", null));

    private AggregateTestFixture<GovernedRecord> fixture;
    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();
    private static DataSource dataSource;
    private AnnotationEventHandlerAdapter lookupProjector;

    @BeforeAll
    static void useItsDataSource() {
        dataSource = postgres.dataSource();
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(GovernedRecord.class);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        CommandLookups lookups = new CommandLookups(new JdbcTemplate(dataSource), json);
        lookups.createSchema();
        lookupProjector = new AnnotationEventHandlerAdapter(new RecordLookupProjector(lookups));
        fixture.registerCommandTargetResolver(
                new PayloadTargetResolver<>(RecordCommand.class, RecordCommand::recordId));
        fixture.registerInjectableResource(io.mdg.command.record.PolicyInForce.of(POLICY));
        fixture.registerInjectableResource(new CrossRecordChecks(lookups));
        fixture.registerAnnotatedCommandHandler(new SubmissionHandler(new GovernedRecords(fixture.getRepository()),
                lookups, new SourceRecordLocks(16), () -> ID,
                DefaultEventGateway.builder().eventBus(fixture.getEventBus()).build()));
    }

    @AfterEach
    void dropDatabase() {
        new JdbcTemplate(dataSource).execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    }

    /** A stored event, as the lookup tables saw it (they are fed in the events' unit of work in the service). */
    private RecordRegisteredEvent registered() throws Exception {
        RecordRegisteredEvent event = new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP);
        lookupProjector.handle(GenericEventMessage.asEventMessage(event));
        return event;
    }

    private static SupplierAttributes contacts() {
        return new SupplierAttributes(null, null, null, null, null, null, null, null, CONTACTS, null);
    }

    private static SupplierAttributes withContacts(String legalName) {
        return new SupplierAttributes(legalName, null, null, null, null, null, null, null, CONTACTS, null);
    }

    private static final AttributeResult CONTACTS_NOT_OWNED = new AttributeResult("contacts",
            AttributeStatus.NOT_SYSTEM_OF_RECORD, "NOT_SYSTEM_OF_RECORD", "contacts is owned by [SUPPLIER_PORTAL]");

    @Test
    void a_submission_that_fails_validation_is_audited_with_its_values_and_field_errors() {
        SupplierAttributes badGln = new SupplierAttributes("Acme Medical Inc.", null, null, null, "8904000210038",
                null, null, null, null, null);
        fixture.givenNoPriorActivity()
                .when(new SubmitRecordCommand(ERP_1, badGln, ERP))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(
                        org.hamcrest.Matchers.containsString("REJECTED")))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.<Object>allOf(
                                        org.hamcrest.Matchers.instanceOf(SubmissionRefusedEvent.class),
                                        org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.allOf(
                                                org.hamcrest.Matchers.containsString("recordId=null"),
                                                org.hamcrest.Matchers.containsString("outcome=REJECTED"),
                                                org.hamcrest.Matchers.containsString("GLN_CHECK_DIGIT"),
                                                org.hamcrest.Matchers.containsString("gln=8904000210038"),
                                                org.hamcrest.Matchers.containsString("attribute=legalName, status=INVALID"),
                                                org.hamcrest.Matchers.containsString("actor=client:erp"))))),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void a_new_record_with_attributes_its_source_does_not_own_is_created_and_the_refused_ones_audited() {
        fixture.givenNoPriorActivity()
                .when(new SubmitRecordCommand(ERP_1, withContacts("Acme Medical Inc."), ERP))
                .expectEvents(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP),
                        new SubmissionRefusedEvent(EntityType.SUPPLIER, ID, ERP_1, ERP, SubmissionOutcome.CREATED,
                                List.of(CONTACTS_NOT_OWNED), contacts(), List.of()));
    }

    @Test
    void a_not_owned_attribute_on_an_existing_record_is_audited_though_nothing_changed() throws Exception {
        fixture.given(registered())
                .when(new SubmitRecordCommand(ERP_2, contacts(), ERP))
                .expectEvents(new SubmissionRefusedEvent(EntityType.SUPPLIER, ID, ERP_2, ERP,
                        SubmissionOutcome.UNCHANGED, List.of(CONTACTS_NOT_OWNED), contacts(), List.of()));
    }

    @Test
    void a_redelivered_version_with_a_not_owned_attribute_is_not_audited_again() throws Exception {
        // The first delivery of version 1 (registered with its refusal) came before; the retry changes nothing.
        fixture.given(registered(), new SubmissionRefusedEvent(EntityType.SUPPLIER, ID, ERP_1, ERP,
                        SubmissionOutcome.CREATED, List.of(CONTACTS_NOT_OWNED), contacts(), List.of()))
                .when(new SubmitRecordCommand(ERP_1, withContacts("Acme Medical Inc."), ERP))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(
                        org.hamcrest.Matchers.containsString("UNCHANGED")))
                .expectNoEvents();
    }

    @Test
    void an_applied_change_with_a_refused_attribute_stores_the_change_and_the_refusal() throws Exception {
        SupplierAttributes tradingNames = new SupplierAttributes(null, List.of("Acme Med"), null, null, null, null,
                null, null, CONTACTS, null);
        fixture.given(registered())
                .when(new SubmitRecordCommand(ERP_2, tradingNames, ERP))
                .expectEvents(new RecordChangedEvent(ID, EntityType.SUPPLIER, ERP_2, List.of("tradingNames"),
                                new SupplierAttributes(null, List.of("Acme Med"), null, null, null, null, null, null,
                                        null, null),
                                new SupplierAttributes(null, null, null, null, null, null, null, null, null, null),
                                ERP),
                        new SubmissionRefusedEvent(EntityType.SUPPLIER, ID, ERP_2, ERP, SubmissionOutcome.UPDATED,
                                List.of(CONTACTS_NOT_OWNED), contacts(), List.of()));
    }

    @Test
    void a_new_record_from_a_source_that_may_not_create_it_is_rejected_and_audited_without_a_record_id() {
        fixture.givenNoPriorActivity()
                .when(new SubmitRecordCommand(PORTAL_1, withContacts("Acme Medical Inc."), PORTAL))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(
                        org.hamcrest.Matchers.containsString("REJECTED")))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.<Object>allOf(
                                        org.hamcrest.Matchers.instanceOf(SubmissionRefusedEvent.class),
                                        org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.allOf(
                                                org.hamcrest.Matchers.containsString("recordId=null"),
                                                org.hamcrest.Matchers.containsString("status=NOT_SYSTEM_OF_RECORD"),
                                                org.hamcrest.Matchers.containsString("legalName=Acme Medical Inc."))))),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void a_submission_decided_without_refusal_publishes_no_audit_event() throws Exception {
        fixture.givenNoPriorActivity()
                .when(new SubmitRecordCommand(ERP_1, ACME, ERP))
                .expectEvents(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP));
        fixture.given(registered())
                .when(new SubmitRecordCommand(ERP_1, ACME, ERP))
                .expectNoEvents();
    }
}
