package io.mdg.api.changerequest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.Actor;
import io.mdg.api.ApprovalStep;
import io.mdg.api.EntityType;
import io.mdg.api.record.HeldAttribute;

/**
 * Events are kept forever: a change request opened, an approval recorded and an attribute held before approval steps
 * existed (the previous release's JSON, as Axon's Jackson serializer stored it) load as one step of the request's
 * approver role with its number of approvals; the new shapes, naming their steps, round-trip.
 */
class ApprovalStepsEventsJsonTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void a_request_opened_before_steps_existed_is_one_step_of_its_approver_role() throws Exception {
        ChangeRequestOpenedEvent old = json.readValue("""
                {"changeRequestId":"cr-1","type":"SUPPLIER","recordId":"s-1","attributes":["bankAccount"],
                 "groups":["banking"],"proposed":null,"before":null,
                 "source":{"system":"ERP","sourceId":"V-1","sourceVersion":2},
                 "requestedBy":{"type":"CLIENT","name":"erp"},"reason":"high-risk change from ERP record V-1 (banking)",
                 "approvalsRequired":2,"evidenceRequired":true,"approverRole":"supplier-steward",
                 "deadline":"2026-12-12T10:00:00Z","action":"ATTRIBUTES","targetStatus":null,"survivorId":null}""",
                ChangeRequestOpenedEvent.class);

        assertThat(old.steps()).isNull();
        assertThat(old.stepsOrDefault()).containsExactly(new ApprovalStep("supplier-steward", 2));
        assertThat(old.deadline()).isEqualTo(Instant.parse("2026-12-12T10:00:00Z"));
    }

    @Test
    void an_approval_recorded_before_steps_existed_is_for_the_first_step() throws Exception {
        ChangeRequestApprovalRecordedEvent old = json.readValue("""
                {"changeRequestId":"cr-1","approver":{"type":"USER","name":"sam.supplier"},"comment":"ok",
                 "verificationNote":"called back","approvals":1,"required":2}""",
                ChangeRequestApprovalRecordedEvent.class);

        assertThat(old).isEqualTo(new ChangeRequestApprovalRecordedEvent("cr-1", Actor.user("sam.supplier"), "ok",
                "called back", 1, 2));
        assertThat(old.step()).isNull();
        assertThat(old.stepOrFirst()).isEqualTo(1);
    }

    @Test
    void an_attribute_held_before_steps_existed_is_one_step_of_the_types_approver_role() throws Exception {
        HeldAttribute old = json.readValue("""
                {"attribute":"bankAccount","group":"banking","approvalsRequired":2,"evidenceRequired":true}""",
                HeldAttribute.class);

        assertThat(old).isEqualTo(new HeldAttribute("bankAccount", "banking", 2, true));
        assertThat(old.stepsOr("supplier-steward")).containsExactly(new ApprovalStep("supplier-steward", 2));
    }

    @Test
    void the_new_shapes_round_trip() throws Exception {
        List<ApprovalStep> steps = List.of(new ApprovalStep("supplier-steward", 1),
                new ApprovalStep("finance-controller", 1));
        List<Object> events = List.of(
                new ChangeRequestOpenedEvent("cr-1", EntityType.SUPPLIER, "s-1", List.of("bankAccount"),
                        List.of("banking"), null, null, null, Actor.client("erp"), "bank", 2, true,
                        "supplier-steward", Instant.parse("2026-12-12T10:00:00Z"), ChangeAction.ATTRIBUTES, null,
                        null, steps),
                new ChangeRequestApprovalRecordedEvent("cr-1", Actor.user("fay.finance"), "released", null, 2, 2, 2,
                        "finance-controller"),
                new HeldAttribute("bankAccount", "banking", 2, true, steps));
        for (Object event : events) {
            String text = json.writeValueAsString(event);
            assertThat(json.readValue(text, event.getClass())).as(text).isEqualTo(event);
        }
    }
}
