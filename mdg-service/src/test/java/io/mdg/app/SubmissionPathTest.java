package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;

/** The real path without the HTTP edge: command bus, PostgreSQL event store, projections, read store. */
class SubmissionPathTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    void concurrent_first_submissions_of_one_source_record_create_one_golden_record() throws Exception {
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            CommandGateway commands = service.bean(CommandGateway.class);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<CompletableFuture<SubmissionResult>> results = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    results.add(CompletableFuture.supplyAsync(() -> commands.sendAndWait(new SubmitRecordCommand(
                            new SourceRef(SourceSystem.ERP, "V-42", 1L),
                            SupplierAttributes.named("Concurrent Medical Inc."),
                            Actor.client("erp"))), pool));
                }
                List<SubmissionResult> outcomes = results.stream().map(CompletableFuture::join).toList();
                assertThat(outcomes).filteredOn(r -> r.outcome() == SubmissionOutcome.CREATED).hasSize(1);
                assertThat(outcomes).filteredOn(r -> r.outcome() == SubmissionOutcome.UNCHANGED).hasSize(15);
                assertThat(outcomes).extracting(SubmissionResult::goldenId).containsOnly(outcomes.get(0).goldenId());
                assertThat(service.bean(EventStore.class).readEvents(outcomes.get(0).goldenId()).asStream().count())
                        .isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void events_persist_and_read_models_are_rebuilt_after_a_restart() throws Exception {
        String goldenId;
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            SubmissionResult created = service.bean(CommandGateway.class).sendAndWait(new SubmitRecordCommand(
                    new SourceRef(SourceSystem.ERP, "V-7", 1L),
                    new SupplierAttributes("Restart Medical Inc.", null, "12-3456789", null, null, null, null, null, null, null), Actor.client("erp")));
            goldenId = created.goldenId();
            service.bean(CommandGateway.class).sendAndWait(new SubmitRecordCommand(
                    new SourceRef(SourceSystem.ERP, "V-7", 2L),
                    new SupplierAttributes(null, List.of("Restart Med"), null, null, null, null, null, null, null, null), Actor.client("erp")));
            eventually(() -> find(service, goldenId), s -> s.isPresent() && s.get().version() == 2, WAIT);
        }
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            RecordView rebuilt = eventually(() -> find(service, goldenId),
                    s -> s.isPresent() && s.get().version() == 2, WAIT).orElseThrow();
            SupplierAttributes attributes = (SupplierAttributes) rebuilt.attributes();
            assertThat(attributes.legalName()).isEqualTo("Restart Medical Inc.");
            assertThat(attributes.tradingNames()).containsExactly("Restart Med");
            assertThat(attributes.taxId()).isEqualTo("12-3456789");
            assertThat(rebuilt.version()).isEqualTo(2);
            List<RecordRef> refs = service.bean(QueryGateway.class).query(
                    new FindRecordBySourceQuery(SourceSystem.ERP, "V-7", null),
                    ResponseTypes.multipleInstancesOf(RecordRef.class)).get();
            assertThat(refs).extracting(RecordRef::goldenId).containsExactly(goldenId);

            SubmissionResult repeat = service.bean(CommandGateway.class).sendAndWait(new SubmitRecordCommand(
                    new SourceRef(SourceSystem.ERP, "V-7", 2L),
                    new SupplierAttributes(null, List.of("Restart Med"), null, null, null, null, null, null, null, null), Actor.client("erp")));
            assertThat(repeat.outcome()).isEqualTo(SubmissionOutcome.UNCHANGED);
            assertThat(repeat.goldenId()).isEqualTo(goldenId);
        }
    }

    private static Optional<RecordView> find(ServiceHarness service, String id) throws Exception {
        return service.bean(QueryGateway.class)
                .query(new FindRecordQuery(null, id), ResponseTypes.optionalInstanceOf(RecordView.class)).get();
    }
}
