package io.mdg.query.audit;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.T2;
import static io.mdg.query.support.Events.T3;
import static io.mdg.query.support.Events.T4;
import static io.mdg.query.support.Events.erp;
import static io.mdg.query.support.Events.portal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.rules.InForce;
import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.audit.AuditAction;
import io.mdg.api.audit.AuditApprovals;
import io.mdg.api.audit.AuditChange;
import io.mdg.api.audit.AuditCursor;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.api.audit.SubmissionRefusedEvent;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestApprovedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestWithdrawnEvent;
import io.mdg.api.changerequest.PendingChangeReleasedEvent;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.support.TestCipher;
import io.mdg.rules.file.RulesFile;

/**
 * The audit trail's contract, which every {@link AuditStore} adapter passes: events in (through Axon's annotation
 * handling, as tracked messages with their position), entries out through the query handler; a whole approval flow,
 * every other kind of event, every filter, Relay paging with a stable order, redelivery and reset, processor
 * batches, and bank details never stored in clear.
 */
abstract class AuditStoreContract {

    private static final BankAccount OLD = new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD");
    private static final BankAccount NEW = new BankAccount("Acme", "Other Bank", "011000015", "99999999", null, "USD");
    private static final Actor SAM = Actor.user("sam.supplier");
    private static final Actor SUE = Actor.user("sue.supplier");
    private static final Actor PORTAL = Actor.client("supplier-portal");
    private static final String OLD_JSON = "{\"accountHolder\":\"Acme\",\"bankName\":\"First Bank\","
            + "\"routingNumber\":\"021000021\",\"accountNumber\":\"123456789\",\"currency\":\"USD\"}";
    private static final String NEW_JSON = "{\"accountHolder\":\"Acme\",\"bankName\":\"Other Bank\","
            + "\"routingNumber\":\"011000015\",\"accountNumber\":\"99999999\",\"currency\":\"USD\"}";

    /** A new, empty store of the adapter under test (its tables or collections created, nothing in them). */
    abstract AuditStore newStore(ReadModelCipher cipher);

    /** How many entries the adapter holds (rows or documents). */
    abstract long storedEntries();

    /** How many change requests its lookup holds. */
    abstract long storedRequests();

    /** Everything the adapter stored, every byte of every value (text and binary) as ISO-8859-1 text. */
    abstract String everythingStored();

    private AuditStore store;
    private AuditProjection projection;
    private AnnotationEventHandlerAdapter handler;
    private AuditQueries queries;
    private final List<EventMessage<?>> delivered = new ArrayList<>();
    private long position;

    @BeforeEach
    void start() {
        store = newStore(new TestCipher());
        projection = new AuditProjection(store);
        handler = new AnnotationEventHandlerAdapter(projection);
        queries = new AuditQueries(store, InForce.always(RulesFile.loadDefault().limits()));
    }

    /** The event as the pooled processor delivers it: tracked, with the next global position. */
    private EventMessage<?> tracked(Object payload, Instant at, String correlationId) {
        GenericEventMessage<Object> event = new GenericEventMessage<>(UUID.randomUUID().toString(), payload,
                correlationId == null ? MetaData.emptyInstance() : MetaData.with("correlationId", correlationId), at);
        return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(++position), event);
    }

    /** Delivers the event as the pooled processor would: tracked, with the next global position. */
    private EventMessage<?> feed(Object payload, Instant at, String correlationId) throws Exception {
        return deliver(tracked(payload, at, correlationId));
    }

    private EventMessage<?> deliver(EventMessage<?> tracked) throws Exception {
        handler.handle(tracked);
        delivered.add(tracked);
        return tracked;
    }

    /** The events in one processor batch (a batching unit of work); the batch's failure, if any. */
    private Throwable inBatch(List<EventMessage<?>> events, Runnable afterLast) {
        return new BatchingUnitOfWork<>(events).executeWithResult(() -> {
            EventMessage<?> message = (EventMessage<?>) CurrentUnitOfWork.get().getMessage();
            handler.handle(message);
            if (message == events.get(events.size() - 1)) {
                afterLast.run();
            }
            return null;
        }).optionalExceptionResult().orElse(null);
    }

    private static SupplierAttributes bank(BankAccount account) {
        return new SupplierAttributes(null, null, null, null, null, null, null, account, null, null);
    }

    private AuditPage page(AuditFilter filter, String after, int first) {
        return queries.handle(new AuditTrailQuery(filter, after, first));
    }

    private List<AuditEntry> all(AuditFilter filter) {
        return page(filter, null, 500).edges().stream().map(AuditPage.Edge::node).toList();
    }

    private List<AuditAction> actions(AuditFilter filter) {
        return all(filter).stream().map(AuditEntry::action).toList();
    }

    private static AuditFilter filter(String recordId, String actor, SourceSystem system, String changeRequestId,
                                      String correlationId, Instant from, Instant to) {
        return new AuditFilter(recordId, actor, system, changeRequestId, correlationId, from, to, null, null);
    }

    /** s-1 created by ERP, a bank change held, opened as cr-1, approved by sam then sue, applied. */
    private List<EventMessage<?>> approvalFlowEvents() {
        return List.of(
                tracked(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1),
                        new SupplierAttributes("Acme", null, null, null, null, null, null, OLD, null, null),
                        ERP_CLIENT), T1, "corr-create"),
                tracked(new ChangeHeldForApprovalEvent("s-1", EntityType.SUPPLIER, erp("V-1", 2),
                        List.of(new HeldAttribute("bankAccount", "banking", 2, true)), bank(NEW), bank(OLD),
                        ERP_CLIENT, "cr-1"), T2, "corr-bank"),
                tracked(new ChangeRequestOpenedEvent("cr-1", EntityType.SUPPLIER, "s-1", List.of("bankAccount"),
                        List.of("banking"), bank(NEW), bank(OLD), erp("V-1", 2), ERP_CLIENT, "new bank", 2, true,
                        "supplier-steward", T4), T2, "corr-bank"),
                tracked(new ChangeRequestApprovalRecordedEvent("cr-1", SAM, "ok", "called back +1 555 0100", 1, 2),
                        T3, "corr-sam"),
                tracked(new ChangeRequestApprovalRecordedEvent("cr-1", SUE, null, "treasury call-back", 2, 2), T4,
                        "corr-sue"),
                tracked(new RecordChangedEvent("s-1", EntityType.SUPPLIER, erp("V-1", 2), List.of("bankAccount"),
                        bank(NEW), bank(OLD), SUE, "cr-1"), T4, "corr-sue"),
                tracked(new ChangeRequestApprovedEvent("cr-1", EntityType.SUPPLIER, "s-1"), T4, "corr-sue"));
    }

    private void approvalFlow() throws Exception {
        for (EventMessage<?> event : approvalFlowEvents()) {
            deliver(event);
        }
    }

    @Test
    void an_approval_flow_shows_every_step_with_actors_values_approvals_and_correlation_ids() throws Exception {
        approvalFlow();

        List<AuditEntry> trail = all(AuditFilter.ofRecord("s-1"));
        assertThat(trail).extracting(AuditEntry::action).containsExactly(AuditAction.RECORD_CREATED,
                AuditAction.CHANGE_HELD, AuditAction.CHANGE_REQUESTED, AuditAction.APPROVAL_RECORDED,
                AuditAction.APPROVAL_RECORDED, AuditAction.CHANGE_APPLIED, AuditAction.APPROVED);
        assertThat(trail).extracting(AuditEntry::actor).containsExactly(ERP_CLIENT, ERP_CLIENT, ERP_CLIENT, SAM, SUE,
                SUE, SUE);
        assertThat(trail).extracting(AuditEntry::at).containsExactly(T1, T2, T2, T3, T4, T4, T4);
        assertThat(trail).extracting(AuditEntry::correlationId).containsExactly("corr-create", "corr-bank",
                "corr-bank", "corr-sam", "corr-sue", "corr-sue", "corr-sue");
        assertThat(trail).allSatisfy(e -> assertThat(e.recordType()).isEqualTo(EntityType.SUPPLIER));

        assertThat(trail.get(0).changes()).containsExactly(AuditChange.of("legalName", null, "\"Acme\""),
                AuditChange.of("bankAccount", null, OLD_JSON));
        assertThat(trail.get(0).source()).isEqualTo(erp("V-1", 1));
        assertThat(trail.get(1).changes()).containsExactly(new AuditChange("bankAccount", OLD_JSON, NEW_JSON,
                AttributeStatus.PENDING_APPROVAL, "APPROVAL_REQUIRED", "banking, 2 approvals, with evidence"));
        assertThat(trail.get(2)).satisfies(e -> {
            assertThat(e.changes()).containsExactly(AuditChange.of("bankAccount", OLD_JSON, NEW_JSON));
            assertThat(e.changeRequestId()).isEqualTo("cr-1");
            assertThat(e.comment()).isEqualTo("new bank");
            assertThat(e.approvals()).isEqualTo(new AuditApprovals(0, 2, List.of()));
        });
        assertThat(trail.get(3)).satisfies(e -> {
            assertThat(e.approvals()).isEqualTo(new AuditApprovals(1, 2, List.of("sam.supplier")));
            assertThat(e.comment()).isEqualTo("ok");
            assertThat(e.verificationNote()).isEqualTo("called back +1 555 0100");
            assertThat(e.source()).isEqualTo(erp("V-1", 2));
            assertThat(e.recordId()).isEqualTo("s-1");
        });
        assertThat(trail.get(4).approvals()).isEqualTo(new AuditApprovals(2, 2, List.of("sam.supplier",
                "sue.supplier")));
        assertThat(trail.get(5)).satisfies(e -> {
            assertThat(e.changes()).containsExactly(AuditChange.of("bankAccount", OLD_JSON, NEW_JSON));
            assertThat(e.changeRequestId()).isEqualTo("cr-1");
            assertThat(e.approvals()).isEqualTo(new AuditApprovals(2, 2, List.of("sam.supplier", "sue.supplier")));
        });
        assertThat(trail.get(6).approvals().approvers()).containsExactly("sam.supplier", "sue.supplier");

        // The request's own trail: everything but the creation.
        assertThat(actions(filter(null, null, null, "cr-1", null, null, null))).hasSize(6)
                .doesNotContain(AuditAction.RECORD_CREATED);
    }

    @Test
    void a_rejected_submission_and_refused_attributes_are_entries_with_values_codes_and_errors() throws Exception {
        feed(new SubmissionRefusedEvent(EntityType.SUPPLIER, null, portal("P-9", 1), PORTAL,
                SubmissionOutcome.REJECTED, List.of(new AttributeResult("gln", AttributeStatus.INVALID, "NOT_APPLIED",
                "not applied")), new SupplierAttributes(null, null, null, null, "8904000210038", null, null, null,
                null, null), List.of(new FieldError("gln", "GLN_CHECK_DIGIT", "wrong check digit"))), T1, "corr-bad");
        feed(new SubmissionRefusedEvent(EntityType.SUPPLIER, "s-1", erp("V-1", 3), ERP_CLIENT,
                SubmissionOutcome.UPDATED, List.of(new AttributeResult("contacts",
                AttributeStatus.NOT_SYSTEM_OF_RECORD, "NOT_SYSTEM_OF_RECORD", "contacts is owned by [SUPPLIER_PORTAL]")),
                new SupplierAttributes(null, null, null, null, null, null, null, null,
                        List.of(new Contact("Kim", null, null, null)), null), List.of()), T2, null);

        AuditEntry rejected = all(filter(null, "supplier-portal", null, null, null, null, null)).get(0);
        assertThat(rejected.action()).isEqualTo(AuditAction.SUBMISSION_REJECTED);
        assertThat(rejected.recordId()).isNull();
        assertThat(rejected.source()).isEqualTo(portal("P-9", 1));
        assertThat(rejected.changes()).containsExactly(new AuditChange("gln", null, "\"8904000210038\"",
                AttributeStatus.INVALID, "NOT_APPLIED", "not applied"));
        assertThat(rejected.errors()).containsExactly(new FieldError("gln", "GLN_CHECK_DIGIT", "wrong check digit"));
        assertThat(rejected.correlationId()).isEqualTo("corr-bad");

        AuditEntry refused = all(AuditFilter.ofRecord("s-1")).get(0);
        assertThat(refused.action()).isEqualTo(AuditAction.ATTRIBUTES_REFUSED);
        assertThat(refused.changes()).containsExactly(new AuditChange("contacts", null, "[{\"name\":\"Kim\"}]",
                AttributeStatus.NOT_SYSTEM_OF_RECORD, "NOT_SYSTEM_OF_RECORD", "contacts is owned by [SUPPLIER_PORTAL]"));
        assertThat(refused.comment()).isEqualTo("the rest of the submission: UPDATED");
        assertThat(refused.errors()).isEmpty();
    }

    @Test
    void lifecycle_merges_links_and_closed_requests_are_audited() throws Exception {
        feed(new SourceRecordLinkedEvent("s-1", EntityType.SUPPLIER, portal("P-1", 1), "DUNS:123456789", PORTAL), T1,
                null);
        feed(new LifecycleChangedEvent("s-1", EntityType.SUPPLIER, LifecycleStatus.ACTIVE, LifecycleStatus.SUSPENDED,
                "screening hit", SAM), T1, null);
        feed(new RecordMergedEvent("s-2", EntityType.SUPPLIER, "s-1", List.of(erp("V-2", 4)), "duplicate", SAM), T2,
                null);
        feed(new SourceRecordsMovedEvent("s-1", EntityType.SUPPLIER, "s-2", List.of(erp("V-2", 4)), SAM), T2, null);
        for (String id : List.of("cr-r", "cr-w", "cr-s", "cr-e")) {
            feed(new ChangeRequestOpenedEvent(id, EntityType.SUPPLIER, "s-1", List.of("legalName"),
                    List.of("legal-identity"), SupplierAttributes.named("Acme 2"), SupplierAttributes.named("Acme"),
                    erp("V-1", 5), ERP_CLIENT, "rename", 1, false, "supplier-steward", T4), T2, null);
        }
        feed(new ChangeRequestRejectedEvent("cr-r", SUE, "no evidence"), T3, null);
        feed(new PendingChangeReleasedEvent("s-1", EntityType.SUPPLIER, "cr-r", List.of("legalName"),
                ChangeRequestStatus.REJECTED), T3, null);
        feed(new ChangeRequestWithdrawnEvent("cr-w", ERP_CLIENT, "sent by mistake", null), T3, null);
        // (a supersede as stored before SUPERSEDED existed: a withdrawal naming the later request)
        feed(new ChangeRequestWithdrawnEvent("cr-s", AuditProjection.SYSTEM, null, "cr-9"), T3, null);
        feed(new ChangeRequestApprovalRecordedEvent("cr-e", SAM, null, null, 1, 2), T3, null);
        feed(new ChangeRequestExpiredEvent("cr-e", EntityType.SUPPLIER, "s-1", T4, 1, "supplier-steward"), T4, null);

        List<AuditEntry> s1 = all(AuditFilter.ofRecord("s-1"));
        assertThat(s1).extracting(AuditEntry::action).containsExactly(AuditAction.SOURCE_LINKED,
                AuditAction.STATUS_CHANGED, AuditAction.SOURCES_MOVED, AuditAction.CHANGE_REQUESTED,
                AuditAction.CHANGE_REQUESTED, AuditAction.CHANGE_REQUESTED, AuditAction.CHANGE_REQUESTED,
                AuditAction.REJECTED, AuditAction.CHANGE_RELEASED, AuditAction.WITHDRAWN, AuditAction.SUPERSEDED,
                AuditAction.APPROVAL_RECORDED, AuditAction.EXPIRED);
        assertThat(s1.get(0).comment()).isEqualTo("new source record matched on DUNS:123456789");
        assertThat(s1.get(0).source()).isEqualTo(portal("P-1", 1));
        assertThat(s1.get(1).changes()).containsExactly(AuditChange.of("status", "\"ACTIVE\"", "\"SUSPENDED\""));
        assertThat(s1.get(1).comment()).isEqualTo("screening hit");
        assertThat(s1.get(2).changes()).containsExactly(AuditChange.of("sourceRefs", null, "[\"ERP:V-2\"]"));
        assertThat(s1.get(7)).satisfies(e -> {
            assertThat(e.actor()).isEqualTo(SUE);
            assertThat(e.comment()).isEqualTo("no evidence");
            assertThat(e.changeRequestId()).isEqualTo("cr-r");
            assertThat(e.source()).isEqualTo(erp("V-1", 5));
        });
        assertThat(s1.get(8).changes()).containsExactly(AuditChange.of("legalName", null, null));
        assertThat(s1.get(9).comment()).isEqualTo("sent by mistake");
        assertThat(s1.get(10).comment()).isEqualTo("superseded by cr-9");
        assertThat(s1.get(12)).satisfies(e -> {
            assertThat(e.actor().type()).isEqualTo(Actor.ActorType.SYSTEM);
            assertThat(e.approvals()).isEqualTo(new AuditApprovals(1, 2, List.of("sam.supplier")));
            assertThat(e.comment()).contains("passed").contains("escalated to supplier-steward");
        });

        AuditEntry merged = all(AuditFilter.ofRecord("s-2")).get(0);
        assertThat(merged.action()).isEqualTo(AuditAction.MERGED);
        assertThat(merged.changes()).containsExactly(AuditChange.of("mergedInto", null, "\"s-1\""),
                AuditChange.of("sourceRefs", "[\"ERP:V-2\"]", null));
        assertThat(merged.comment()).isEqualTo("duplicate");
    }

    @Test
    void every_filter_narrows_the_trail() throws Exception {
        approvalFlow();
        feed(new RecordRegisteredEvent("i-1", EntityType.ITEM, erp("I-1", 1),
                io.mdg.api.model.ItemAttributes.described("Glove"), ERP_CLIENT), T3, "corr-item");
        feed(new SourceRecordLinkedEvent("s-1", EntityType.SUPPLIER, portal("P-1", 1), "DUNS:1", PORTAL), T3, null);

        assertThat(all(AuditFilter.all())).hasSize(9);
        assertThat(actions(filter(null, "sam.supplier", null, null, null, null, null)))
                .containsExactly(AuditAction.APPROVAL_RECORDED);
        assertThat(actions(filter(null, "sue.supplier", null, null, null, null, null)))
                .containsExactly(AuditAction.APPROVAL_RECORDED, AuditAction.CHANGE_APPLIED, AuditAction.APPROVED);
        assertThat(actions(filter(null, null, SourceSystem.SUPPLIER_PORTAL, null, null, null, null)))
                .containsExactly(AuditAction.SOURCE_LINKED);
        assertThat(all(filter(null, null, SourceSystem.ERP, null, null, null, null))).hasSize(8);
        assertThat(actions(filter(null, null, null, null, "corr-sue", null, null)))
                .containsExactly(AuditAction.APPROVAL_RECORDED, AuditAction.CHANGE_APPLIED, AuditAction.APPROVED);
        assertThat(all(filter(null, null, null, null, null, T2, T4))).extracting(AuditEntry::at)
                .containsExactly(T2, T2, T3, T3, T3);
        assertThat(all(filter("s-1", null, null, null, null, T3, null))).hasSize(5);
        assertThat(all(new AuditFilter(null, null, null, null, null, null, null, EntityType.ITEM, null)))
                .extracting(AuditEntry::recordId).containsExactly("i-1");
        assertThat(actions(new AuditFilter("s-1", null, null, null, null, null, null, null,
                List.of(AuditAction.APPROVED, AuditAction.RECORD_CREATED))))
                .containsExactly(AuditAction.RECORD_CREATED, AuditAction.APPROVED);
        assertThat(all(filter("s-1", "sam.supplier", null, "cr-1", "corr-sam", T3, T4))).hasSize(1);
        assertThat(all(filter("nope", null, null, null, null, null, null))).isEmpty();
    }

    @Test
    void relay_pages_follow_the_stable_order_without_gaps_or_repeats() throws Exception {
        approvalFlow();
        List<String> ids = new ArrayList<>();
        String after = null;
        int pages = 0;
        AuditPage page;
        do {
            page = page(AuditFilter.ofRecord("s-1"), after, 3);
            page.edges().forEach(e -> ids.add(e.node().id()));
            after = page.endCursor();
            pages++;
        } while (page.hasNextPage());
        assertThat(pages).isEqualTo(3);
        assertThat(ids).containsExactlyElementsOf(all(AuditFilter.ofRecord("s-1")).stream().map(AuditEntry::id)
                .toList()).doesNotHaveDuplicates();
        // Within one instant (T4) the event position orders: approval before application before APPROVED.
        assertThat(ids).hasSize(7);

        // A full last page says there is no next one; a cursor after the last entry gives an empty page.
        AuditPage exact = page(AuditFilter.ofRecord("s-1"), null, 7);
        assertThat(exact.hasNextPage()).isFalse();
        AuditPage beyond = page(AuditFilter.ofRecord("s-1"), exact.endCursor(), 7);
        assertThat(beyond.edges()).isEmpty();
        assertThat(beyond.endCursor()).isNull();

        // New entries arrive after the cursor: paging on from it finds exactly them.
        feed(new LifecycleChangedEvent("s-1", EntityType.SUPPLIER, LifecycleStatus.ACTIVE, LifecycleStatus.SUSPENDED,
                "review", SAM), T4.plusSeconds(1), null);
        assertThat(page(AuditFilter.ofRecord("s-1"), exact.endCursor(), 7).edges()).extracting(e -> e.node().action())
                .containsExactly(AuditAction.STATUS_CHANGED);

        assertThatThrownBy(() -> page(AuditFilter.all(), "not-a-cursor", 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> page(AuditFilter.all(), null, 501)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void one_transactions_entries_keep_their_publication_order_when_time_and_position_are_the_same() throws Exception {
        // A transaction committed after a later index was read: its events all carry the position of the highest
        // index seen (a gap filled late), and the same millisecond; random event ids would order them at random.
        for (String[] event : List.of(new String[] {"third", "3"}, new String[] {"first", "1"},
                new String[] {"second", "2"})) {
            GenericEventMessage<Object> message = new GenericEventMessage<>(UUID.randomUUID().toString(),
                    new LifecycleChangedEvent("s-9", EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                            LifecycleStatus.SUSPENDED, event[0], SAM),
                    MetaData.with(AuditCursor.ORDER_META_DATA, Long.parseLong(event[1])), T4);
            handler.handle(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(10), message));
        }

        assertThat(all(AuditFilter.ofRecord("s-9"))).extracting(AuditEntry::comment)
                .containsExactly("first", "second", "third");
        List<String> paged = new ArrayList<>();
        String after = null;
        AuditPage page;
        do {
            page = page(AuditFilter.ofRecord("s-9"), after, 1);
            page.edges().forEach(e -> paged.add(e.node().comment()));
            after = page.endCursor();
        } while (page.hasNextPage());
        assertThat(paged).containsExactly("first", "second", "third");
    }

    @Test
    void redelivered_events_change_nothing_and_replay_tokens_keep_the_position() throws Exception {
        approvalFlow();
        AuditPage once = page(AuditFilter.all(), null, 500);
        for (EventMessage<?> message : List.copyOf(delivered)) {
            handler.handle(message);
        }
        // a replay delivers the same events with a replay token around the original position
        for (EventMessage<?> message : List.copyOf(delivered)) {
            GenericTrackedEventMessage<?> tracked = (GenericTrackedEventMessage<?>) message;
            handler.handle(new GenericTrackedEventMessage<>(ReplayToken.createReplayToken(
                    new GlobalSequenceTrackingToken(position), tracked.trackingToken()), tracked));
        }
        assertThat(page(AuditFilter.all(), null, 500)).isEqualTo(once);
        assertThat(storedEntries()).isEqualTo(7);
    }

    @Test
    void the_reset_handler_drops_the_trail_and_the_request_lookup_and_a_replay_rebuilds_it() throws Exception {
        approvalFlow();
        AuditPage before = page(AuditFilter.all(), null, 500);
        projection.reset();
        assertThat(page(AuditFilter.all(), null, 500).edges()).isEmpty();
        assertThat(storedEntries()).isZero();
        assertThat(storedRequests()).isZero();
        for (EventMessage<?> message : List.copyOf(delivered)) {
            handler.handle(message);
        }
        assertThat(page(AuditFilter.all(), null, 500)).isEqualTo(before);
    }

    @Test
    void wired_by_axon_the_trail_is_answered_through_the_query_gateway_with_untracked_events_too() throws Exception {
        Configuration axon = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .registerQueryHandler(c -> queries)
                .eventProcessing(ep -> ep.usingSubscribingEventProcessors()
                        .registerEventHandler(c -> projection))
                .buildConfiguration();
        axon.start();
        try {
            axon.eventBus().publish(new GenericDomainEventMessage<>("Supplier", "s-9", 0,
                    new RecordRegisteredEvent("s-9", EntityType.SUPPLIER, erp("V-9", 1),
                            SupplierAttributes.named("Acme"), ERP_CLIENT), MetaData.with("correlationId", "corr-9"),
                    UUID.randomUUID().toString(), T1));
            axon.eventBus().publish(GenericEventMessage.asEventMessage(new SubmissionRefusedEvent(EntityType.SUPPLIER,
                    "s-9", erp("V-9", 2), ERP_CLIENT, SubmissionOutcome.UNCHANGED, List.of(), null, List.of())));

            AuditPage page = axon.queryGateway().query(new AuditTrailQuery(AuditFilter.ofRecord("s-9"), null, 10),
                    ResponseTypes.instanceOf(AuditPage.class)).get();
            assertThat(page.edges()).extracting(e -> e.node().action()).containsExactly(AuditAction.RECORD_CREATED,
                    AuditAction.ATTRIBUTES_REFUSED);
            assertThat(page.edges().get(0).node().correlationId()).isEqualTo("corr-9");
        } finally {
            axon.shutdown();
        }
    }

    @Test
    void bank_details_and_evidence_are_stored_encrypted_and_shown_in_clear() throws Exception {
        approvalFlow();

        String stored = everythingStored();
        assertThat(stored).isNotEmpty();
        for (String secret : List.of("123456789", "021000021", "99999999", "011000015", "called back +1 555 0100",
                "treasury call-back", "First Bank")) {
            assertThat(stored).as("stored in clear: " + secret).doesNotContain(secret);
        }
        assertThat(all(AuditFilter.ofRecord("s-1")).get(0).changes()).contains(
                AuditChange.of("bankAccount", null, OLD_JSON));
    }

    @Test
    void a_processor_batch_is_written_when_it_commits_and_reads_its_own_change_requests_before() throws Exception {
        List<EventMessage<?>> events = approvalFlowEvents();
        List<Long> storedBeforeCommit = new ArrayList<>();

        Throwable failure = inBatch(events, () -> storedBeforeCommit.add(storedEntries()));

        assertThat(failure).isNull();
        assertThat(storedBeforeCommit).containsExactly(0L);
        List<AuditEntry> batched = all(AuditFilter.all());
        assertThat(batched).hasSize(7);
        // the approvals were found in the batch's own pending lookup
        assertThat(batched.get(4).approvals()).isEqualTo(new AuditApprovals(2, 2, List.of("sam.supplier",
                "sue.supplier")));

        store.drop();
        for (EventMessage<?> event : events) {
            handler.handle(event); // no unit of work: every write at once
        }
        assertThat(all(AuditFilter.all())).isEqualTo(batched);
    }

    @Test
    void a_batch_that_rolls_back_stores_nothing_and_handled_again_stores_each_entry_once() throws Exception {
        List<EventMessage<?>> events = approvalFlowEvents();

        Throwable failure = inBatch(events, () -> {
            throw new IllegalStateException("the batch fails");
        });

        assertThat(failure).hasMessageContaining("the batch fails");
        assertThat(storedEntries()).isZero();
        assertThat(storedRequests()).isZero();

        assertThat(inBatch(events.subList(0, 4), () -> { })).isNull();
        assertThat(inBatch(events, () -> { })).isNull(); // the processor retried from an older token
        assertThat(storedEntries()).isEqualTo(7);
        assertThat(all(AuditFilter.all())).extracting(AuditEntry::action).containsExactly(AuditAction.RECORD_CREATED,
                AuditAction.CHANGE_HELD, AuditAction.CHANGE_REQUESTED, AuditAction.APPROVAL_RECORDED,
                AuditAction.APPROVAL_RECORDED, AuditAction.CHANGE_APPLIED, AuditAction.APPROVED);
    }
}
