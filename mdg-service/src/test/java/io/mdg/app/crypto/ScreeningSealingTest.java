package io.mdg.app.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.Actor;
import io.mdg.api.screening.ExclusionEntry;
import io.mdg.api.screening.ExclusionListFormat;
import io.mdg.api.screening.ScreeningHit;
import io.mdg.api.screening.ScreeningRequest;
import io.mdg.api.screening.ScreeningResult;
import io.mdg.api.screening.SupplierScreenedEvent;

/**
 * The exclusion-list entries of screening events are stored encrypted with the event key ring (a listed individual
 * is personal data), read back in clear, and the previous release's events, with the entry in clear, still load.
 */
class ScreeningSealingTest {

    static final ExclusionEntry ROE = new ExclusionEntry("LEIE:ROE, JANE|2019-03-01|80202|1234567890", 3, "ROE, JANE",
            true, null, "1234567890", "5 ELM RD", "DENVER", "CO", "80202", "1128a1", LocalDate.of(2019, 3, 1), null);
    static final SupplierScreenedEvent SCREENED = new SupplierScreenedEvent("screening-s-1", "s-1", "exclusion-list-1",
            ExclusionListFormat.LEIE, LocalDate.of(2026, 12, 1), ScreeningResult.HIT,
            List.of(new ScreeningHit(ROE, 0.991, List.of("same individual's name: 'Jane Roe' and 'ROE, JANE'",
                    "same ZIP 80202", "excluded since 2019-03-01 (1128a1), list line 3"))),
            List.of(new ScreeningRequest(ROE.entryKey(), "cr-1", true)),
            new Actor(Actor.ActorType.SYSTEM, "exclusion-screening"));

    final FieldEncryption ring = FieldEncryption.parse(FieldEncryption.newKey("k1"));

    static ObjectMapper mapper(FieldEncryption ring) {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).registerModule(new ScreeningSealing(ring));
    }

    @Test
    void a_screening_event_keeps_the_listed_entry_encrypted_and_reads_it_back_in_clear() throws Exception {
        String stored = mapper(ring).writeValueAsString(SCREENED);

        assertThat(stored).contains("enc:v1:k1:", "\"line\":3", "\"individual\":true", "\"score\":0.991", "cr-1",
                "2019-03-01").doesNotContain("ROE", "JANE", "Jane Roe", "ELM", "DENVER", "80202", "1234567890",
                "1128a1");
        assertThat(mapper(ring).readValue(stored, SupplierScreenedEvent.class)).isEqualTo(SCREENED);
        assertThatThrownBy(() -> mapper(FieldEncryption.parse(FieldEncryption.newKey("k1")))
                .readValue(stored, SupplierScreenedEvent.class)).hasRootCauseInstanceOf(
                        javax.crypto.AEADBadTagException.class);
    }

    @Test
    void a_screening_event_of_the_previous_release_with_the_entry_in_clear_still_loads() throws Exception {
        SupplierScreenedEvent old = mapper(ring).readValue("""
                {"screeningId":"screening-s-1","supplierId":"s-1","listId":"exclusion-list-1","format":"LEIE",
                 "listDate":"2026-12-01","result":"HIT",
                 "hits":[{"entry":{"entryKey":"LEIE:ROE, JANE|2019-03-01|80202|1234567890","line":3,
                   "name":"ROE, JANE","individual":true,"taxId":null,"npi":"1234567890","street":"5 ELM RD",
                   "city":"DENVER","state":"CO","zip":"80202","exclusionType":"1128a1","excludedOn":"2019-03-01",
                   "reinstatedOn":null},"score":0.991,
                   "reasons":["same individual's name: 'Jane Roe' and 'ROE, JANE'","same ZIP 80202",
                     "excluded since 2019-03-01 (1128a1), list line 3"]}],
                 "requests":[{"entryKey":"LEIE:ROE, JANE|2019-03-01|80202|1234567890","changeRequestId":"cr-1",
                   "opened":true}],
                 "actor":{"type":"SYSTEM","name":"exclusion-screening"}}""", SupplierScreenedEvent.class);

        assertThat(old).isEqualTo(SCREENED);
        assertThat(mapper(ring).writeValueAsString(old)).doesNotContain("ROE, JANE");
    }
}
