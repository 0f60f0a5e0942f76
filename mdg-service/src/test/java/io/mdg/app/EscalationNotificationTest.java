package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.micrometer.core.instrument.MeterRegistry;
import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.DecisionView;
import io.mdg.api.changerequest.FindChangeRequestQuery;
import io.mdg.api.changerequest.ListChangeRequestsQuery;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import jakarta.mail.internet.MimeMessage;

/**
 * Escalation and expiry on the real service path, with a real SMTP server (GreenMail, on a free port): a held change
 * still pending at its SLA escalates to the data governance lead (inbox, ESCALATED in its history) and the lead's
 * configured address receives one e-mail; the lead may then decide it; a request left alone expires at its deadline,
 * explicitly, and its expiry is e-mailed too. Without SMTP nothing is sent and the notification is counted as not sent.
 */
class EscalationNotificationTest {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final Actor ERP = Actor.client("erp");
    private static final Actor GIL = Actor.user("gil.governance");
    private static final Set<String> LEAD = Set.of("data-governance-lead");
    private static final String LEAD_ADDRESS = "gil.governance@mdg.example";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dataDir;

    /** The shipped rules with an SLA of 2 s and a deadline of {@code deadline}. */
    private Path rules(String deadline) throws Exception {
        Path rules = dataDir.resolve("rules.yaml");
        String defaults = new String(getClass().getResourceAsStream("/io/mdg/rules/default-rules.yaml").readAllBytes());
        assertThat(defaults).contains("deadline: P5D").contains("escalateAfter: P2D");
        Files.writeString(rules, defaults.replace("deadline: P5D", "deadline: " + deadline)
                .replace("escalateAfter: P2D", "escalateAfter: PT2S"));
        return rules;
    }

    @Test
    void a_request_past_its_sla_escalates_to_the_lead_who_is_emailed_and_may_decide_it_and_one_left_alone_expires()
            throws Exception {
        Map<String, Object> props = Map.of("mdg.rules.file", rules("PT12S").toString(),
                "db-scheduler.polling-interval", "1s",
                "spring.mail.host", "127.0.0.1", "spring.mail.port", String.valueOf(smtp.getSmtp().getPort()),
                "mdg.notifications.recipients.data-governance-lead", LEAD_ADDRESS,
                "mdg.notifications.from", "mdg@hospital.example");
        try (ServiceHarness service = ServiceHarness.start(dataDir, props)) {
            CommandGateway commands = service.bean(CommandGateway.class);
            // a team channel's webhook of the lead's role, pulled here: a consumer of the steward notifications
            commands.sendAndWait(new io.mdg.api.consumer.RegisterConsumerCommand("c-lead-team",
                    new io.mdg.api.consumer.ConsumerSettings("Lead team channel", "lead-team",
                            new io.mdg.api.consumer.ConsumerSubscription(Set.of(), Map.of(), null, Set.of(), LEAD),
                            io.mdg.api.consumer.ConsumerDelivery.PULL, null, null), Actor.user("ada.admin")));
            String decided = heldRename(commands, "ESC-1");
            String leftAlone = heldRename(commands, "ESC-2");

            ChangeRequestView escalated = eventually(() -> find(service, decided),
                    r -> r.isPresent() && r.get().escalatedTo() != null, WAIT).orElseThrow();
            assertThat(escalated.status()).isEqualTo(ChangeRequestStatus.PENDING);
            assertThat(escalated.escalatedTo()).isEqualTo("data-governance-lead");
            assertThat(escalated.escalatedAt()).isNotNull();
            assertThat(escalated.decisions()).extracting(DecisionView::kind).containsExactly("OPENED", "ESCALATED");
            // the lead's inbox shows it
            List<ChangeRequestView> inbox = eventually(() -> inbox(service), list -> list.stream()
                    .anyMatch(r -> r.id().equals(decided)), WAIT);
            assertThat(inbox).allMatch(r -> "data-governance-lead".equals(r.escalatedTo()));

            // one e-mail per escalation, to the lead's address
            MimeMessage[] mails = eventually(smtp::getReceivedMessages, m -> Arrays.stream(m)
                    .filter(mail -> subject(mail).contains("escalated")).count() >= 2, WAIT);
            MimeMessage mail = Arrays.stream(mails).filter(m -> subject(m).contains(decided)).findFirst().orElseThrow();
            assertThat(subject(mail)).isEqualTo("[MDG] Change request " + decided + " escalated to data-governance-lead");
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(LEAD_ADDRESS);
            assertThat(mail.getFrom()).extracting(Object::toString).containsExactly("mdg@hospital.example");
            assertThat(GreenMailUtil.getBody(mail)).contains(decided).contains("step 1 (supplier-steward)");
            assertThat(GreenMailUtil.getBody(mail)).doesNotContain("Acme Renamed");

            // the lead decides it
            Object last = commands.sendAndWait(new ApproveChangeRequestCommand(decided, "decided after escalation",
                    null, GIL, LEAD));
            assertThat(last).isEqualTo(true);
            eventually(() -> find(service, decided),
                    r -> r.isPresent() && r.get().status() == ChangeRequestStatus.APPROVED, WAIT);

            // the other one expires at its deadline: explicit, in its history, and e-mailed to the lead
            ChangeRequestView expired = eventually(() -> find(service, leftAlone),
                    r -> r.isPresent() && r.get().status() == ChangeRequestStatus.EXPIRED, WAIT).orElseThrow();
            assertThat(expired.decisions()).extracting(DecisionView::kind)
                    .containsExactly("OPENED", "ESCALATED", "EXPIRED");
            MimeMessage[] after = eventually(smtp::getReceivedMessages, m -> Arrays.stream(m)
                    .anyMatch(x -> subject(x).equals("[MDG] Change request " + leftAlone + " expired")), WAIT);
            // one message per event: two escalations and one expiry, none for the decided request's deadline
            assertThat(after).extracting(EscalationNotificationTest::subject).containsExactlyInAnyOrder(
                    "[MDG] Change request " + decided + " escalated to data-governance-lead",
                    "[MDG] Change request " + leftAlone + " escalated to data-governance-lead",
                    "[MDG] Change request " + leftAlone + " expired");
            assertThat(service.bean(MeterRegistry.class).counter("mdg.notifications.sent", "kind", "escalation")
                    .count()).isEqualTo(2.0);
            // the steward notification feed: the lead's role was told of both escalations and the expiry, in order,
            // with the rules version; the supplier stewards' role of each request's step (and the expiry's)
            QueryGateway queries = service.bean(QueryGateway.class);
            List<io.mdg.api.changerequest.StewardNotification> leads = eventually(() -> queries.query(
                    new io.mdg.api.changerequest.StewardNotificationsQuery(LEAD, null, 100),
                    ResponseTypes.multipleInstancesOf(io.mdg.api.changerequest.StewardNotification.class)).get(),
                    list -> list.size() >= 3, WAIT);
            assertThat(leads).extracting(n -> n.kind() + " " + n.changeRequestId()).containsSubsequence(
                    "ESCALATED " + leftAlone, "EXPIRED " + leftAlone).contains("ESCALATED " + decided);
            assertThat(leads).allSatisfy(n -> {
                assertThat(n.role()).isEqualTo("data-governance-lead");
                assertThat(n.stepRole()).isEqualTo("supplier-steward");
                assertThat(n.rulesVersion()).isNotBlank();
                assertThat(n.rulesHash()).isNotBlank();
                assertThat(n.deadline()).isNotNull();
            });
            assertThat(queries.query(new io.mdg.api.changerequest.StewardNotificationsQuery(
                    Set.of("supplier-steward"), null, 100), ResponseTypes.multipleInstancesOf(
                    io.mdg.api.changerequest.StewardNotification.class)).get())
                    .extracting(n -> n.kind() + " " + n.changeRequestId())
                    .contains("STEP_REACHED " + decided, "STEP_REACHED " + leftAlone, "EXPIRED " + leftAlone);
            // and the consumer of the lead's notifications has them in its feed, as CloudEvents
            List<io.mdg.api.consumer.ConsumerChangePage.Change> feed = eventually(() -> queries.query(
                    new io.mdg.api.consumer.ConsumerChangesQuery("c-lead-team", 0, 100),
                    ResponseTypes.instanceOf(io.mdg.api.consumer.ConsumerChangePage.class)).get().changes(),
                    changes -> changes.size() >= 3, WAIT);
            assertThat(feed).extracting(c -> c.kind().name()).containsOnly("STEWARD_NOTIFICATION");
            assertThat(feed).extracting(c -> c.cloudEvent().contains("\"type\":\"io.mdg.steward.expired\""))
                    .contains(true);

            // both are audited decisions of the system, in the record's trail
            List<io.mdg.api.audit.AuditEntry> trail = eventually(() -> service.bean(QueryGateway.class).query(
                    new io.mdg.api.audit.AuditTrailQuery(io.mdg.api.audit.AuditFilter.ofRecord(expired.recordId()),
                            null, 500), ResponseTypes.instanceOf(io.mdg.api.audit.AuditPage.class)).get().edges()
                    .stream().map(io.mdg.api.audit.AuditPage.Edge::node).toList(), entries -> entries.stream()
                    .anyMatch(e -> e.action() == io.mdg.api.audit.AuditAction.EXPIRED), WAIT);
            assertThat(trail).extracting(io.mdg.api.audit.AuditEntry::action).containsSubsequence(
                    io.mdg.api.audit.AuditAction.CHANGE_REQUESTED, io.mdg.api.audit.AuditAction.ESCALATED,
                    io.mdg.api.audit.AuditAction.EXPIRED);
        }
    }

    @Test
    void without_smtp_an_escalation_is_logged_and_counted_as_not_sent_and_the_service_runs_on() throws Exception {
        Map<String, Object> props = Map.of("mdg.rules.file", rules("PT60S").toString(),
                "db-scheduler.polling-interval", "1s");
        try (ServiceHarness service = ServiceHarness.start(dataDir, props)) {
            String request = heldRename(service.bean(CommandGateway.class), "ESC-3");
            eventually(() -> find(service, request), r -> r.isPresent() && r.get().escalatedTo() != null, WAIT);
            MeterRegistry meters = service.bean(MeterRegistry.class);
            eventually(() -> meters.counter("mdg.notifications.not.sent", "kind", "escalation", "reason", "no-smtp")
                    .count(), n -> n >= 1.0, WAIT);
            assertThat(smtp.getReceivedMessages()).isEmpty();
        }
    }

    @Test
    void an_escalation_email_that_fails_while_the_smtp_server_is_down_is_sent_once_it_is_back() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, Object> props = Map.of("mdg.rules.file", rules("PT60S").toString(),
                "db-scheduler.polling-interval", "1s", "spring.mail.host", "127.0.0.1",
                "spring.mail.port", String.valueOf(port),
                "mdg.notifications.recipients.data-governance-lead", LEAD_ADDRESS);
        try (ServiceHarness service = ServiceHarness.start(dataDir, props)) {
            String request = heldRename(service.bean(CommandGateway.class), "ESC-4");
            MeterRegistry meters = service.bean(MeterRegistry.class);
            // the SMTP server is down: the send fails and is retried, not dropped
            eventually(() -> meters.counter("mdg.notifications.failed", "kind", "escalation", "reason", "smtp")
                    .count(), n -> n >= 1.0, WAIT);
            com.icegreen.greenmail.util.GreenMail late = new com.icegreen.greenmail.util.GreenMail(
                    new com.icegreen.greenmail.util.ServerSetup(port, "127.0.0.1", "smtp"));
            late.start();
            try {
                MimeMessage[] mails = eventually(late::getReceivedMessages, m -> m.length >= 1, WAIT);
                assertThat(subject(mails[0])).isEqualTo("[MDG] Change request " + request
                        + " escalated to data-governance-lead");
                // counted once the SMTP exchange has ended on the sender's side, a moment after the server has
                // the message: polled, then exactly one
                assertThat(eventually(() -> meters.counter("mdg.notifications.sent", "kind", "escalation").count(),
                        n -> n >= 1.0, WAIT)).isEqualTo(1.0);
            } finally {
                late.stop();
            }
        }
    }

    /** A supplier from the ERP and a rename (legal identity: held for one supplier steward's approval). */
    private static String heldRename(CommandGateway commands, String sourceId) {
        SubmissionResult created = commands.sendAndWait(new SubmitRecordCommand(
                new SourceRef(SourceSystem.ERP, sourceId, 1L), SupplierAttributes.named("Acme Medical Inc."), ERP));
        assertThat(created.outcome()).isEqualTo(SubmissionOutcome.CREATED);
        SubmissionResult held = commands.sendAndWait(new SubmitRecordCommand(
                new SourceRef(SourceSystem.ERP, sourceId, 2L), SupplierAttributes.named("Acme Renamed Inc."), ERP));
        assertThat(held.outcome()).isEqualTo(SubmissionOutcome.PENDING_APPROVAL);
        return held.changeRequestId();
    }

    private static Optional<ChangeRequestView> find(ServiceHarness service, String id) throws Exception {
        return service.bean(QueryGateway.class).query(new FindChangeRequestQuery(id),
                ResponseTypes.optionalInstanceOf(ChangeRequestView.class)).get();
    }

    private static List<ChangeRequestView> inbox(ServiceHarness service) throws Exception {
        return service.bean(QueryGateway.class).query(new ListChangeRequestsQuery(null, null, null, null,
                GIL.name(), LEAD, null, 50), ResponseTypes.multipleInstancesOf(ChangeRequestView.class)).get();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
