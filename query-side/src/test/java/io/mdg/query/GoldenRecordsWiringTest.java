package io.mdg.query;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.STEWARD;
import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.T2;
import static io.mdg.query.support.Events.erp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.rules.InForce;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.Address;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.CountRecordsQuery;
import io.mdg.api.record.DuplicateCandidate;
import io.mdg.api.record.DuplicateCandidatesQuery;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.ListRecordsQuery;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.query.duplicates.DuplicateCandidateQueries;
import io.mdg.query.duplicates.SupplierBlocking;
import io.mdg.query.record.RecordProjection;
import io.mdg.query.record.RecordQueries;
import io.mdg.query.support.ReadModels;
import io.mdg.query.xref.CrossReferenceProjection;
import io.mdg.rules.access.RequestLimits;
import io.mdg.rules.file.RulesFile;

/**
 * The projections and query handlers wired by Axon as the service wires them (annotations, parameter resolvers,
 * processing group, response types the edge asks for): events published on the event bus, answers through the
 * query gateway.
 */
class GoldenRecordsWiringTest {

    private static final Address BOSTON = new Address("1 Main St", null, "Boston", "MA", "02139", "US");

    private ReadModels readStore;
    private Configuration axon;
    private QueryGateway queries;

    @BeforeEach
    void start() {
        readStore = ReadModels.memory();
        var store = readStore.records();
        SupplierBlocking blocking = new SupplierBlocking(readStore.blocks());
        CrossReferenceProjection xref = new CrossReferenceProjection(readStore.crossReferences());
        var requests = readStore.changeRequests();
        RulesFile rules = RulesFile.loadDefault();
        InForce<RequestLimits> limits = InForce.always(rules.limits());
        var configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .registerQueryHandler(c -> new RecordQueries(store, limits))
                .registerQueryHandler(c -> new DuplicateCandidateQueries(store, blocking,
                        InForce.always(rules.matching()), limits))
                .registerQueryHandler(c -> xref)
                .registerQueryHandler(c -> new io.mdg.query.changerequest.ChangeRequestQueries(requests, limits));
        configurer.eventProcessing(ep -> ep.usingSubscribingEventProcessors()
                .registerEventHandler(c -> new RecordProjection(store, List.of(blocking), List.of()))
                .registerEventHandler(c -> xref)
                .registerEventHandler(c -> new io.mdg.query.changerequest.ChangeRequestProjection(requests)));
        axon = configurer.buildConfiguration();
        axon.start();
        queries = axon.queryGateway();
    }

    @AfterEach
    void stop() {
        axon.shutdown();
        readStore.close();
    }

    private void publish(String id, long sequence, Object event, java.time.Instant at) {
        axon.eventBus().publish(new GenericDomainEventMessage<>("GoldenRecord", id, sequence, event, MetaData.emptyInstance(),
                java.util.UUID.randomUUID().toString(), at));
    }

    @Test
    void events_on_the_bus_are_answered_through_the_query_gateway() throws Exception {
        publish("s-1", 0, new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1),
                new SupplierAttributes("Acme Medical Inc.", null, null, null, null, BOSTON, null, null, null, null),
                ERP_CLIENT), T1);
        publish("s-2", 0, new RecordRegisteredEvent("s-2", EntityType.SUPPLIER, erp("V-2", 1),
                new SupplierAttributes("ACME Medical LLC", null, null, null, null, BOSTON, null, null, null, null),
                ERP_CLIENT), T1);
        publish("s-2", 1, new LifecycleChangedEvent("s-2", EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                LifecycleStatus.SUSPENDED, "review", STEWARD), T2);

        Optional<RecordView> found = queries.query(new FindRecordQuery(EntityType.SUPPLIER, "s-2"),
                ResponseTypes.optionalInstanceOf(RecordView.class)).get();
        assertThat(found).map(RecordView::version).contains(2L);
        assertThat(found).map(RecordView::updatedAt).contains(T2);

        List<RecordView> page = queries.query(new ListRecordsQuery(EntityType.SUPPLIER, LifecycleStatus.ACTIVE, null, 10),
                ResponseTypes.multipleInstancesOf(RecordView.class)).get();
        assertThat(page).extracting(RecordView::id).containsExactly("s-1");

        Long suspended = queries.query(new CountRecordsQuery(EntityType.SUPPLIER, LifecycleStatus.SUSPENDED),
                ResponseTypes.instanceOf(Long.class)).get();
        assertThat(suspended).isEqualTo(1L);

        List<RecordRef> refs = queries.query(new FindRecordBySourceQuery(io.mdg.api.SourceSystem.ERP, "V-2", null),
                ResponseTypes.multipleInstancesOf(RecordRef.class)).get();
        assertThat(refs).containsExactly(new RecordRef(EntityType.SUPPLIER, "s-2"));

        List<DuplicateCandidate> candidates = queries.query(new DuplicateCandidatesQuery(EntityType.SUPPLIER, "s-1",
                0.5, 10), ResponseTypes.multipleInstancesOf(DuplicateCandidate.class)).get();
        assertThat(candidates).extracting(DuplicateCandidate::candidateId).containsExactly("s-2");
    }

    @Test
    void change_requests_are_answered_through_the_query_gateway_with_the_correlation_id() throws Exception {
        var opened = new io.mdg.api.changerequest.ChangeRequestOpenedEvent("cr-1", EntityType.SUPPLIER, "s-1",
                List.of("legalName"), List.of("identity"), SupplierAttributes.named("Acme 2"),
                SupplierAttributes.named("Acme"), erp("V-1", 2), ERP_CLIENT, "rename", 1, false, "supplier-steward",
                T2);
        axon.eventBus().publish(new GenericDomainEventMessage<>("ChangeRequest", "cr-1", 0, opened,
                MetaData.with("correlationId", "corr-1"), java.util.UUID.randomUUID().toString(), T1));

        Optional<io.mdg.api.changerequest.ChangeRequestView> found = queries.query(
                new io.mdg.api.changerequest.FindChangeRequestQuery("cr-1"),
                ResponseTypes.optionalInstanceOf(io.mdg.api.changerequest.ChangeRequestView.class)).get();
        assertThat(found).isPresent();
        assertThat(found.get().decisions().get(0).correlationId()).isEqualTo("corr-1");
        assertThat(found.get().openedAt()).isEqualTo(T1);

        List<io.mdg.api.changerequest.ChangeRequestView> awaiting = queries.query(
                new io.mdg.api.changerequest.ListChangeRequestsQuery(null, null, null, null, "sam.supplier",
                        java.util.Set.of("supplier-steward"), null, 10),
                ResponseTypes.multipleInstancesOf(io.mdg.api.changerequest.ChangeRequestView.class)).get();
        assertThat(awaiting).extracting(io.mdg.api.changerequest.ChangeRequestView::id).containsExactly("cr-1");
    }
}
