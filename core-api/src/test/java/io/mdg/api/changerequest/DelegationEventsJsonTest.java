package io.mdg.api.changerequest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.Actor;
import io.mdg.api.delegation.ApprovalsDelegatedEvent;
import io.mdg.api.delegation.DelegationRevokedEvent;

/**
 * Events are kept forever: approvals and rejections stored before delegation existed (the previous release's JSON)
 * load as decisions in the decider's own name; a delegate's decision and the delegation events round-trip.
 */
class DelegationEventsJsonTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void an_approval_stored_before_delegation_existed_is_in_the_approvers_own_name() throws Exception {
        ChangeRequestApprovalRecordedEvent old = json.readValue("""
                {"changeRequestId":"cr-1","approver":{"type":"USER","name":"fay.finance"},"comment":"ok",
                 "verificationNote":null,"approvals":2,"required":2,"step":2,"role":"finance-controller"}""",
                ChangeRequestApprovalRecordedEvent.class);

        assertThat(old.onBehalfOf()).isNull();
        assertThat(old.delegationId()).isNull();
        assertThat(old.approver()).isEqualTo(Actor.user("fay.finance"));
        assertThat(old.stepOrFirst()).isEqualTo(2);
    }

    @Test
    void a_rejection_stored_before_delegation_existed_is_in_the_stewards_own_name() throws Exception {
        ChangeRequestRejectedEvent old = json.readValue("""
                {"changeRequestId":"cr-1","rejectedBy":{"type":"USER","name":"sue.supplier"},
                 "reason":"not the supplier's account"}""", ChangeRequestRejectedEvent.class);

        assertThat(old).isEqualTo(new ChangeRequestRejectedEvent("cr-1", Actor.user("sue.supplier"),
                "not the supplier's account"));
        assertThat(old.onBehalfOf()).isNull();
    }

    @Test
    void a_delegates_decisions_and_the_delegation_events_round_trip() throws Exception {
        List<Object> events = List.of(
                new ChangeRequestApprovalRecordedEvent("cr-1", Actor.user("sue.supplier"), "ok", null, 2, 2, 2,
                        "finance-controller", "fay.finance", "d-1"),
                new ChangeRequestRejectedEvent("cr-1", Actor.user("sue.supplier"), "no", "fay.finance", "d-1"),
                new ApprovalsDelegatedEvent("d-1", Actor.user("fay.finance"), "finance-controller", "sue.supplier",
                        Instant.parse("2026-12-07T10:00:00Z"), Instant.parse("2026-12-21T10:00:00Z"), "leave"),
                new DelegationRevokedEvent("d-1", Actor.user("ada.admin"), "fay.finance", "sue.supplier",
                        "finance-controller", "back early"));
        for (Object event : events) {
            assertThat(json.readValue(json.writeValueAsString(event), event.getClass())).isEqualTo(event);
        }
    }
}
