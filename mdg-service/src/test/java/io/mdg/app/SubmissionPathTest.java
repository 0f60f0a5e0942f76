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
import io.mdg.api.supplier.FindSupplierQuery;
import io.mdg.api.supplier.SubmitSupplierCommand;
import io.mdg.api.supplier.SupplierAttributes;
import io.mdg.api.supplier.SupplierView;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;

/** The real path without the HTTP edge: command bus, H2 event store, projection, Mongo read store. */
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
                    results.add(CompletableFuture.supplyAsync(() -> commands.sendAndWait(new SubmitSupplierCommand(
                            new SourceRef(SourceSystem.ERP, "V-42", 1L),
                            new SupplierAttributes("Concurrent Medical Inc.", null, null, null),
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
            SubmissionResult created = service.bean(CommandGateway.class).sendAndWait(new SubmitSupplierCommand(
                    new SourceRef(SourceSystem.ERP, "V-7", 1L),
                    new SupplierAttributes("Restart Medical Inc.", "12-3456789", null, null), Actor.client("erp")));
            goldenId = created.goldenId();
            service.bean(CommandGateway.class).sendAndWait(new SubmitSupplierCommand(
                    new SourceRef(SourceSystem.ERP, "V-7", 2L),
                    new SupplierAttributes("Restart Medical LLC", null, null, null), Actor.client("erp")));
            eventually(() -> find(service, goldenId), s -> s.isPresent() && s.get().version() == 2, WAIT);
        }
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            SupplierView rebuilt = eventually(() -> find(service, goldenId),
                    s -> s.isPresent() && s.get().version() == 2, WAIT).orElseThrow();
            assertThat(rebuilt.legalName()).isEqualTo("Restart Medical LLC");
            assertThat(rebuilt.taxId()).isEqualTo("12-3456789");
            assertThat(rebuilt.version()).isEqualTo(2);
            List<RecordRef> refs = service.bean(QueryGateway.class).query(
                    new FindRecordBySourceQuery(SourceSystem.ERP, "V-7", null),
                    ResponseTypes.multipleInstancesOf(RecordRef.class)).get();
            assertThat(refs).extracting(RecordRef::goldenId).containsExactly(goldenId);

            SubmissionResult repeat = service.bean(CommandGateway.class).sendAndWait(new SubmitSupplierCommand(
                    new SourceRef(SourceSystem.ERP, "V-7", 2L),
                    new SupplierAttributes("Restart Medical LLC", null, null, null), Actor.client("erp")));
            assertThat(repeat.outcome()).isEqualTo(SubmissionOutcome.UNCHANGED);
            assertThat(repeat.goldenId()).isEqualTo(goldenId);
        }
    }

    private static Optional<SupplierView> find(ServiceHarness service, String id) throws Exception {
        return service.bean(QueryGateway.class)
                .query(new FindSupplierQuery(id), ResponseTypes.optionalInstanceOf(SupplierView.class)).get();
    }
}
