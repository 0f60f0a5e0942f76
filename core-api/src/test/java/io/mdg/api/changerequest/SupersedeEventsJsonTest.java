package io.mdg.api.changerequest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;

/**
 * Events are kept forever: the withdrawal and release events as stored before a supersede named its newer submission
 * ({@code supersedingSource}) still load (as Axon's Jackson serializer reads them), and the new shape round-trips.
 */
class SupersedeEventsJsonTest {

    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void a_withdrawal_stored_before_the_superseding_source_existed_loads_and_still_reads_as_superseded()
            throws Exception {
        ChangeRequestWithdrawnEvent superseded = json.readValue("""
                {"changeRequestId":"cr-1","actor":{"type":"SYSTEM","name":"mdg"},
                 "reason":"superseded by change request cr-2","supersededBy":"cr-2"}""",
                ChangeRequestWithdrawnEvent.class);
        assertThat(superseded).isEqualTo(new ChangeRequestWithdrawnEvent("cr-1", new Actor(Actor.ActorType.SYSTEM,
                "mdg"), "superseded by change request cr-2", "cr-2", null));
        assertThat(superseded.superseded()).isTrue();

        ChangeRequestWithdrawnEvent withdrawn = json.readValue("""
                {"changeRequestId":"cr-1","actor":{"type":"USER","name":"sam.supplier"},"reason":"typo",
                 "supersededBy":null}""", ChangeRequestWithdrawnEvent.class);
        assertThat(withdrawn.superseded()).isFalse();
    }

    @Test
    void a_release_stored_before_the_superseding_source_existed_loads() throws Exception {
        PendingChangeReleasedEvent old = json.readValue("""
                {"recordId":"s-1","type":"SUPPLIER","changeRequestId":"cr-1","attributes":["legalName"],
                 "outcome":"WITHDRAWN"}""", PendingChangeReleasedEvent.class);
        assertThat(old).isEqualTo(new PendingChangeReleasedEvent("s-1", EntityType.SUPPLIER, "cr-1",
                List.of("legalName"), ChangeRequestStatus.WITHDRAWN));
        assertThat(old.supersedingSource()).isNull();
    }

    @Test
    void the_new_shapes_round_trip() throws Exception {
        SourceRef erp3 = new SourceRef(SourceSystem.ERP, "V-1", 3L);
        List<Object> events = List.of(
                new ChangeRequestWithdrawnEvent("cr-1", new Actor(Actor.ActorType.SYSTEM, "mdg"),
                        "superseded by the newer submission of ERP:V-1 version 3", null, erp3),
                new PendingChangeReleasedEvent("s-1", EntityType.SUPPLIER, "cr-1", List.of("bankAccount"),
                        ChangeRequestStatus.SUPERSEDED, erp3));
        for (Object event : events) {
            String text = json.writeValueAsString(event);
            assertThat(json.readValue(text, event.getClass())).as(text).isEqualTo(event);
        }
    }
}
