package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestApprovedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.FindChangeRequestQuery;
import io.mdg.api.changerequest.ProposeChangeCommand;
import io.mdg.api.changerequest.RejectChangeRequestCommand;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ChangeLifecycleCommand;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;

/**
 * Change requests on the real command path: held source changes and steward proposals, segregation of duties,
 * two approvals from two people, rejection, and a deadline that survives a restart (db-scheduler in PostgreSQL).
 */
class StewardshipTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Actor ERP = Actor.client("erp");
    private static final Actor SAM = Actor.user("sam.supplier");
    private static final Actor SUE = Actor.user("sue.supplier");
    private static final Set<String> SUPPLIER_STEWARD = Set.of("supplier-steward");
    private static final Actor FAY = Actor.user("fay.finance");
    private static final Set<String> FINANCE_CONTROLLER = Set.of("finance-controller");
    private static final BankAccount NEW_ACCOUNT = new BankAccount("Acme", "Second Bank", "021000021", "987654321",
            null, "USD");

    @TempDir
    Path dataDir;

    @Test
    void a_bank_account_change_is_checked_by_a_supplier_steward_with_a_note_then_released_by_a_finance_controller()
            throws Exception {
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            CommandGateway commands = service.bean(CommandGateway.class);
            String supplier = createSupplier(commands, "BANK-1");
            SubmissionResult held = commands.sendAndWait(new SubmitRecordCommand(new SourceRef(SourceSystem.ERP,
                    "BANK-1", 2L), bankChange(), ERP));
            assertThat(held.outcome()).isEqualTo(SubmissionOutcome.PENDING_APPROVAL);
            String request = held.changeRequestId();
            assertThat(request).isNotNull();

            assertRefused(() -> commands.sendAndWait(approve(request, ERP, Set.of("supplier-steward"), "called back")),
                    "SOURCE_CLIENT_CANNOT_DECIDE");
            assertRefused(() -> commands.sendAndWait(approve(request, Actor.user("ian.item"), Set.of("item-steward"),
                    "called back")), "NOT_DOMAIN_STEWARD");
            assertRefused(() -> commands.sendAndWait(approve(request, SAM, SUPPLIER_STEWARD, null)),
                    "VERIFICATION_NOTE_REQUIRED");
            // the release comes after the check
            assertRefused(() -> commands.sendAndWait(approve(request, FAY, FINANCE_CONTROLLER, "called back")),
                    "NOT_CURRENT_STEP_ROLE");

            commands.sendAndWait(approve(request, SAM, SUPPLIER_STEWARD, "called the supplier at its listed number"));
            assertRefused(() -> commands.sendAndWait(approve(request, SAM, SUPPLIER_STEWARD, "again")), "ALREADY_APPROVED");
            // a person holding both roles counts once: sam checked, so he cannot release too
            assertRefused(() -> commands.sendAndWait(approve(request, SAM,
                    Set.of("supplier-steward", "finance-controller"), null)), "ALREADY_APPROVED");
            // the check is done: another supplier steward no longer decides
            assertRefused(() -> commands.sendAndWait(approve(request, SUE, SUPPLIER_STEWARD, "second call-back")),
                    "NOT_CURRENT_STEP_ROLE");
            assertThat(bankAccount(service, supplier, 1)).isNull();

            commands.sendAndWait(approve(request, FAY, FINANCE_CONTROLLER, null));
            RecordView applied = eventually(() -> find(service, supplier),
                    r -> r.isPresent() && ((SupplierAttributes) r.get().attributes()).bankAccount() != null, WAIT).orElseThrow();
            assertThat(((SupplierAttributes) applied.attributes()).bankAccount()).isEqualTo(NEW_ACCOUNT);
            assertThat(applied.pendingChanges()).isEmpty();
            assertThat(payloads(service, request)).anyMatch(ChangeRequestApprovedEvent.class::isInstance);
            // the closed request's deadline is gone from the persistent scheduler
            assertThat(service.bean(org.springframework.jdbc.core.JdbcTemplate.class).queryForObject(
                    "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'AxonDeadline'", Integer.class)).isZero();
            assertRefused(() -> commands.sendAndWait(approve(request, Actor.user("ada.admin"),
                    Set.of("supplier-steward", "admin"), "late")), "NOT_PENDING");
        }
    }

    @Test
    void the_requester_never_decides_their_own_proposal_and_a_rejection_leaves_the_record_untouched() throws Exception {
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            CommandGateway commands = service.bean(CommandGateway.class);
            String supplier = createSupplier(commands, "PROP-1");
            SupplierAttributes rename = SupplierAttributes.named("Acme Medical Holdings Inc.");
            String request = commands.sendAndWait(new ProposeChangeCommand(EntityType.SUPPLIER, supplier, rename,
                    "legal name changed after acquisition", SAM));

            assertRefused(() -> commands.sendAndWait(approve(request, SAM, Set.of("supplier-steward", "admin"), null)),
                    "SELF_APPROVAL");
            commands.sendAndWait(new RejectChangeRequestCommand(request, "no evidence of the acquisition", SUE,
                    SUPPLIER_STEWARD));
            assertThat(payloads(service, request)).anyMatch(ChangeRequestRejectedEvent.class::isInstance);
            RecordView record = eventually(() -> find(service, supplier),
                    r -> r.isPresent() && r.get().pendingChanges().isEmpty() && r.get().version() >= 3, WAIT).orElseThrow();
            assertThat(((SupplierAttributes) record.attributes()).legalName()).isEqualTo("Acme Medical Inc.");
        }
    }

    @Test
    void a_pending_request_expires_at_its_deadline_even_across_a_restart() throws Exception {
        Path rules = dataDir.resolve("rules.yaml");
        String defaults = new String(getClass().getResourceAsStream("/io/mdg/rules/default-rules.yaml").readAllBytes());
        Files.writeString(rules, defaults.replace("deadline: P5D", "deadline: PT4S")
                // (without escalation: this case is about the deadline alone)
                .replace("  escalateAfter: P2D\n", "").replace("    escalationRole: data-governance-lead\n", ""));
        Map<String, Object> props = Map.of("mdg.rules.file", rules.toString(), "db-scheduler.polling-interval", "1s");
        String supplier;
        String request;
        java.time.Instant deadline;
        try (ServiceHarness service = ServiceHarness.start(dataDir, props)) {
            CommandGateway commands = service.bean(CommandGateway.class);
            supplier = createSupplier(commands, "EXP-1");
            SubmissionResult held = commands.sendAndWait(new SubmitRecordCommand(
                    new SourceRef(SourceSystem.ERP, "EXP-1", 2L), bankChange(), ERP));
            request = held.changeRequestId();
            assertThat(request).isNotNull();
            // the deadline is in the command database, not in memory
            assertThat(service.bean(org.springframework.jdbc.core.JdbcTemplate.class).queryForObject(
                    "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'AxonDeadline'", Integer.class)).isEqualTo(1);
            deadline = payloads(service, request).stream().filter(ChangeRequestOpenedEvent.class::isInstance)
                    .map(e -> ((ChangeRequestOpenedEvent) e).deadline()).findFirst().orElseThrow();
        }
        // the deadline passes while the service is down
        eventually(java.time.Instant::now, now -> now.isAfter(deadline), WAIT);
        try (ServiceHarness service = ServiceHarness.start(dataDir, props)) {
            String id = request;
            eventually(() -> payloads(service, id), events -> events.stream()
                    .anyMatch(ChangeRequestExpiredEvent.class::isInstance), WAIT);
            RecordView record = eventually(() -> find(service, supplier),
                    r -> r.isPresent() && r.get().pendingChanges().isEmpty(), WAIT).orElseThrow();
            assertThat(((SupplierAttributes) record.attributes()).bankAccount()).isNull();
        }
    }

    @Test
    void suspension_applies_at_once_and_reactivation_waits_for_another_steward_of_the_domain() throws Exception {
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            CommandGateway commands = service.bean(CommandGateway.class);
            String supplier = createSupplier(commands, "ACT-1");
            Object suspended = commands.sendAndWait(new ChangeLifecycleCommand(EntityType.SUPPLIER, supplier,
                    LifecycleStatus.SUSPENDED, "exclusion list hit under review", SAM));
            assertThat(suspended).as("suspending never waits").isNull();
            eventually(() -> find(service, supplier),
                    r -> r.isPresent() && r.get().status() == LifecycleStatus.SUSPENDED, WAIT);

            String request = commands.sendAndWait(new ChangeLifecycleCommand(EntityType.SUPPLIER, supplier,
                    LifecycleStatus.ACTIVE, "cleared after review", SAM));
            assertThat(request).isNotNull();
            assertRefused(() -> commands.sendAndWait(approve(request, SAM, Set.of("supplier-steward", "admin"), null)),
                    "SELF_APPROVAL");
            assertRefused(() -> commands.sendAndWait(approve(request, Actor.user("ian.item"), Set.of("item-steward"),
                    null)), "NOT_DOMAIN_STEWARD");
            assertThat(find(service, supplier).orElseThrow().status()).isEqualTo(LifecycleStatus.SUSPENDED);

            commands.sendAndWait(approve(request, SUE, SUPPLIER_STEWARD, null));
            eventually(() -> find(service, supplier),
                    r -> r.isPresent() && r.get().status() == LifecycleStatus.ACTIVE, WAIT);
            assertThat(payloads(service, supplier)).anyMatch(p -> p instanceof LifecycleChangedEvent l
                    && l.to() == LifecycleStatus.ACTIVE && request.equals(l.changeRequestId()) && l.actor().equals(SUE));
            ChangeRequestView view = eventually(() -> service.bean(QueryGateway.class).query(
                    new FindChangeRequestQuery(request), ResponseTypes.optionalInstanceOf(ChangeRequestView.class)).get(),
                    r -> r.isPresent() && r.get().status() == ChangeRequestStatus.APPROVED, WAIT).orElseThrow();
            assertThat(view.action()).isEqualTo(ChangeAction.LIFECYCLE);
            assertThat(view.targetStatus()).isEqualTo(LifecycleStatus.ACTIVE);
        }
    }

    private static String createSupplier(CommandGateway commands, String sourceId) {
        SubmissionResult created = commands.sendAndWait(new SubmitRecordCommand(
                new SourceRef(SourceSystem.ERP, sourceId, 1L), SupplierAttributes.named("Acme Medical Inc."), ERP));
        assertThat(created.outcome()).isEqualTo(SubmissionOutcome.CREATED);
        return created.goldenId();
    }

    private static SupplierAttributes bankChange() {
        return new SupplierAttributes(null, null, null, null, null, null, null, NEW_ACCOUNT, null, null);
    }

    private static ApproveChangeRequestCommand approve(String id, Actor actor, Set<String> roles, String note) {
        return new ApproveChangeRequestCommand(id, "ok", note, actor, roles);
    }

    private static void assertRefused(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CommandExecutionException.class, e ->
                assertThat(e.getDetails()).get().isInstanceOfSatisfying(MdgErrorDetails.class,
                        d -> assertThat(d.fieldErrors().get(0).code()).isEqualTo(reason)));
    }

    private static BankAccount bankAccount(ServiceHarness service, String id, long minVersion) throws Exception {
        return ((SupplierAttributes) eventually(() -> find(service, id),
                r -> r.isPresent() && r.get().version() >= minVersion, WAIT).orElseThrow().attributes()).bankAccount();
    }

    private static Optional<RecordView> find(ServiceHarness service, String id) throws Exception {
        return service.bean(QueryGateway.class)
                .query(new FindRecordQuery(null, id), ResponseTypes.optionalInstanceOf(RecordView.class)).get();
    }

    private static List<Object> payloads(ServiceHarness service, String aggregateId) {
        return service.bean(EventStore.class).readEvents(aggregateId).asStream()
                .map(m -> (Object) m.getPayload()).toList();
    }
}
