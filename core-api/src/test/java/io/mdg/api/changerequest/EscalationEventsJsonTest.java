package io.mdg.api.changerequest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;

/**
 * Events are kept forever: a change request opened before escalation existed (the previous release's JSON, with its
 * steps) loads as one that never escalates; the opened event naming its escalation and the escalated event round-trip.
 */
class EscalationEventsJsonTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void a_request_opened_before_escalation_existed_never_escalates() throws Exception {
        ChangeRequestOpenedEvent old = json.readValue("""
                {"changeRequestId":"cr-1","type":"SUPPLIER","recordId":"s-1","attributes":["bankAccount"],
                 "groups":["banking"],"proposed":null,"before":null,
                 "source":{"system":"ERP","sourceId":"V-1","sourceVersion":2},
                 "requestedBy":{"type":"CLIENT","name":"erp"},"reason":"high-risk change from ERP record V-1 (banking)",
                 "approvalsRequired":2,"evidenceRequired":true,"approverRole":"supplier-steward",
                 "deadline":"2026-12-12T10:00:00Z","action":"ATTRIBUTES","targetStatus":null,"survivorId":null,
                 "steps":[{"role":"supplier-steward","approvals":1},{"role":"finance-controller","approvals":1}]}""",
                ChangeRequestOpenedEvent.class);

        assertThat(old.escalateAt()).isNull();
        assertThat(old.escalationRole()).isNull();
        assertThat(old.escalates()).isFalse();
        assertThat(old.stepsOrDefault()).hasSize(2);
    }

    @Test
    void the_escalation_shapes_round_trip() throws Exception {
        List<Object> events = List.of(
                new ChangeRequestOpenedEvent("cr-1", EntityType.SUPPLIER, "s-1", List.of("legalName"),
                        List.of("legal-identity"), null, null, null, Actor.client("erp"), "name", 1, false,
                        "supplier-steward", Instant.parse("2026-12-12T10:00:00Z"), ChangeAction.ATTRIBUTES, null,
                        null, null, Instant.parse("2026-12-09T10:00:00Z"), "data-governance-lead"),
                new ChangeRequestEscalatedEvent("cr-1", EntityType.SUPPLIER, "s-1", "data-governance-lead",
                        Instant.parse("2026-12-09T10:00:00Z"), 1, "supplier-steward", 0,
                        Instant.parse("2026-12-12T10:00:00Z")));
        for (Object event : events) {
            assertThat(json.readValue(json.writeValueAsString(event), event.getClass())).isEqualTo(event);
        }
        assertThat(((ChangeRequestOpenedEvent) events.get(0)).escalates()).isTrue();
    }
}
