package io.mdg.query.changerequest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mdg.api.Actor;
import io.mdg.api.ApprovalStep;
import io.mdg.api.EntityType;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestEscalatedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.StewardNotification;
import io.mdg.api.changerequest.StewardNotification.Kind;
import io.mdg.api.changerequest.StewardNotificationsQuery;
import io.mdg.api.feed.ChangeMetaData;
import io.mdg.postgres.PostgresPerClass;
import io.mdg.query.support.Events;

/**
 * The steward notification feed on a real PostgreSQL: the projection handles the change requests' events as in the
 * service, and readers page it by role after a cursor.
 */
class StewardNotificationsTest {

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();

    static final String SUPPLIER_STEWARD = "supplier-steward";
    static final String FINANCE = "finance-controller";
    static final String GOVERNANCE = "data-governance-lead";
    static final Instant OPENED = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant DEADLINE = OPENED.plusSeconds(7 * 86_400);

    StewardNotifications feed;
    AnnotationEventHandlerAdapter handler;
    Instant clock = OPENED;

    @BeforeEach
    void newFeed() {
        postgres.dropTables(List.of(StewardNotifications.TABLE, StewardNotifications.REQUESTS));
        feed = new StewardNotifications(postgres.dataSource());
        handler = new AnnotationEventHandlerAdapter(feed);
    }

    @Test
    void a_request_notifies_each_step_role_when_its_step_is_reached_with_the_request_record_deadline_and_rules()
            throws Exception {
        publish(opened("cr-1"), "corr-open");
        publish(approval("cr-1", "sue.supplier", 1, SUPPLIER_STEWARD, 1), "corr-approve");

        List<StewardNotification> all = read(null, null);

        assertThat(all).extracting(StewardNotification::kind).containsExactly(Kind.STEP_REACHED, Kind.STEP_REACHED);
        assertThat(all).extracting(StewardNotification::role).containsExactly(SUPPLIER_STEWARD, FINANCE);
        assertThat(all).extracting(StewardNotification::step).containsExactly(1, 2);
        StewardNotification second = all.get(1);
        assertThat(second.changeRequestId()).isEqualTo("cr-1");
        assertThat(second.type()).isEqualTo(EntityType.SUPPLIER);
        assertThat(second.recordId()).isEqualTo("s-cr-1");
        assertThat(second.stepRole()).isEqualTo(FINANCE);
        assertThat(second.deadline()).isEqualTo(DEADLINE);
        assertThat(second.correlationId()).isEqualTo("corr-approve");
        assertThat(second.rulesVersion()).isEqualTo("rules-7");
        assertThat(second.rulesHash()).isEqualTo("sha256-of-rules-7");
    }

    @Test
    void an_approval_that_leaves_its_step_incomplete_or_handled_twice_notifies_nobody_new() throws Exception {
        publish(new ChangeRequestOpenedEvent("cr-2", EntityType.SUPPLIER, "s-cr-2", List.of("bankAccount"),
                List.of("banking"), null, null, Events.erp("V-2", 1), Events.ERP_CLIENT, "new bank", 3, true,
                SUPPLIER_STEWARD, DEADLINE, ChangeAction.ATTRIBUTES, null, null,
                List.of(new ApprovalStep(SUPPLIER_STEWARD, 2), new ApprovalStep(FINANCE, 1)), null, null), "c");
        EventMessage<?> first = message(approval("cr-2", "sue.supplier", 1, SUPPLIER_STEWARD, 1), "c");
        handler.handle(first);
        handler.handle(first); // a batch handled again
        assertThat(read(null, null)).extracting(StewardNotification::role).containsExactly(SUPPLIER_STEWARD);

        publish(approval("cr-2", "sol.supplier", 1, SUPPLIER_STEWARD, 2), "c");
        assertThat(read(null, null)).extracting(StewardNotification::role).containsExactly(SUPPLIER_STEWARD, FINANCE);
    }

    @Test
    void escalation_and_expiry_notify_the_escalation_role_and_the_role_of_the_step_it_waited_at() throws Exception {
        publish(opened("cr-3"), "c-open");
        publish(new ChangeRequestEscalatedEvent("cr-3", EntityType.SUPPLIER, "s-cr-3", GOVERNANCE,
                OPENED.plusSeconds(86_400), 1, SUPPLIER_STEWARD, 0, DEADLINE), "c-escalate");
        publish(new ChangeRequestExpiredEvent("cr-3", EntityType.SUPPLIER, "s-cr-3", DEADLINE, 0, GOVERNANCE),
                "c-expire");

        List<StewardNotification> all = read(null, null);

        assertThat(all).extracting(StewardNotification::kind).containsExactly(Kind.STEP_REACHED, Kind.ESCALATED,
                Kind.EXPIRED, Kind.EXPIRED);
        assertThat(all).extracting(StewardNotification::role).containsExactly(SUPPLIER_STEWARD, GOVERNANCE,
                SUPPLIER_STEWARD, GOVERNANCE);
        StewardNotification escalated = all.get(1);
        assertThat(escalated.step()).isEqualTo(1);
        assertThat(escalated.stepRole()).isEqualTo(SUPPLIER_STEWARD);
        assertThat(escalated.deadline()).isEqualTo(DEADLINE);
        assertThat(escalated.correlationId()).isEqualTo("c-escalate");
        assertThat(all.get(3).deadline()).isEqualTo(DEADLINE);
        assertThat(all.get(3).stepRole()).isEqualTo(SUPPLIER_STEWARD);
    }

    @Test
    void a_reader_of_a_role_sees_only_that_roles_notifications_in_commit_order_and_resumes_after_its_cursor()
            throws Exception {
        publish(opened("cr-4"), "c");
        publish(opened("cr-5"), "c");
        publish(new ChangeRequestEscalatedEvent("cr-4", EntityType.SUPPLIER, "s-cr-4", GOVERNANCE,
                OPENED.plusSeconds(86_400), 1, SUPPLIER_STEWARD, 0, DEADLINE), "c");
        publish(approval("cr-5", "sue.supplier", 1, SUPPLIER_STEWARD, 1), "c");

        List<StewardNotification> stewards = read(Set.of(SUPPLIER_STEWARD), null);
        assertThat(stewards).extracting(StewardNotification::changeRequestId).containsExactly("cr-4", "cr-5");
        List<StewardNotification> governance = read(Set.of(GOVERNANCE), null);
        assertThat(governance).extracting(StewardNotification::kind).containsExactly(Kind.ESCALATED);
        assertThat(read(Set.of("item-steward"), null)).isEmpty();
        assertThat(read(Set.of(), null)).isEmpty();

        List<StewardNotification> all = read(null, null);
        assertThat(all).extracting(StewardNotification::position).isSorted();
        assertThat(all).hasSize(4);
        // a page, then the rest after its last position: nothing missed, nothing twice
        List<StewardNotification> page = feed.handle(new StewardNotificationsQuery(null, null, 2));
        List<StewardNotification> rest = read(null, page.get(1).position());
        assertThat(rest).extracting(StewardNotification::position)
                .containsExactly(all.get(2).position(), all.get(3).position());
        assertThat(read(Set.of(FINANCE), stewards.get(0).position())).extracting(StewardNotification::recordId)
                .containsExactly("s-cr-5");
    }

    private List<StewardNotification> read(Set<String> roles, Long after) {
        return feed.handle(new StewardNotificationsQuery(roles, after, 100));
    }

    private static ChangeRequestOpenedEvent opened(String id) {
        return new ChangeRequestOpenedEvent(id, EntityType.SUPPLIER, "s-" + id, List.of("bankAccount"),
                List.of("banking"), null, null, Events.erp("V-" + id, 1), Events.ERP_CLIENT, "new bank", 2, true,
                SUPPLIER_STEWARD, DEADLINE, ChangeAction.ATTRIBUTES, null, null,
                List.of(new ApprovalStep(SUPPLIER_STEWARD, 1), new ApprovalStep(FINANCE, 1)),
                OPENED.plusSeconds(86_400), GOVERNANCE);
    }

    private static ChangeRequestApprovalRecordedEvent approval(String id, String user, int step, String role,
                                                               int approvals) {
        return new ChangeRequestApprovalRecordedEvent(id, Actor.user(user), "ok", "called back", approvals, 2, step,
                role);
    }

    private void publish(Object payload, String correlationId) throws Exception {
        handler.handle(message(payload, correlationId));
    }

    private EventMessage<?> message(Object payload, String correlationId) {
        clock = clock.plusSeconds(1);
        return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, MetaData.with(
                ChangeMetaData.CORRELATION_ID, correlationId).and(ChangeMetaData.RULES_VERSION, "rules-7")
                .and(ChangeMetaData.RULES_HASH, "sha256-of-rules-7"), clock);
    }
}
