package io.mdg.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.Address;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.screening.ExclusionListImport;
import io.mdg.api.screening.RescreenSuppliersCommand;
import io.mdg.api.submission.SubmissionResult;

/**
 * The kept exclusion-list entries name individuals: a list the previous release kept in clear is sealed with the
 * event key ring at the next start, and still screens (a re-screen, and a supplier onboarded after the restart).
 */
class ExclusionListStorageTest {

    @TempDir
    Path dataDir;

    @Test
    void a_list_kept_in_clear_by_the_previous_release_is_sealed_at_start_and_still_screens() {
        String listId = "exclusion-list-previous-release";
        String tarsus;
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            tarsus = supplier(service, "KEEP-1", "Tarsus Medical Goods", "02108");
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            // the rows as the previous release kept them: the entry as JSON, in clear
            jdbc.update("INSERT INTO exclusion_lists (list_id, format, file_name, sha256, rows, in_force, list_date, "
                    + "imported_at, imported_by) VALUES (?, 'LEIE', 'UPDATED.csv', ?, 2, 2, ?, ?, 'user:ada.admin')",
                    listId, "0".repeat(64), java.sql.Date.valueOf(LocalDate.of(2026, 11, 1)),
                    Timestamp.from(Instant.parse("2026-11-02T08:00:00Z")));
            jdbc.update("INSERT INTO exclusion_list_entries (list_id, line, entry) VALUES (?, 2, ?), (?, 3, ?)",
                    listId, """
                    {"entryKey":"LEIE:TARSUS MEDICAL GOODS|2021-04-01|02108|","line":2,"name":"TARSUS MEDICAL GOODS",\
                    "individual":false,"taxId":null,"npi":null,"street":"1 BEACON ST","city":"BOSTON","state":"MA",\
                    "zip":"02108","exclusionType":"1128b7","excludedOn":"2021-04-01","reinstatedOn":null}""",
                    listId, """
                    {"entryKey":"LEIE:QUILL, HESTER|2020-02-01|02110|1234567893","line":3,"name":"QUILL, HESTER",\
                    "individual":true,"taxId":null,"npi":"1234567893","street":"7 WHARF ST","city":"BOSTON",\
                    "state":"MA","zip":"02110","exclusionType":"1128a1","excludedOn":"2020-02-01",\
                    "reinstatedOn":null}""");
        }

        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            List<String> kept = service.bean(JdbcTemplate.class).queryForList(
                    "SELECT entry FROM exclusion_list_entries WHERE list_id = ?", String.class, listId);
            assertThat(kept).hasSize(2).noneMatch(entry -> entry.startsWith("{") || entry.contains("QUILL")
                    || entry.contains("TARSUS") || entry.contains("WHARF"));

            ExclusionListImport rescreened = service.bean(CommandGateway.class).sendAndWait(
                    new RescreenSuppliersCommand(listId, Actor.user("ada.admin")));
            assertThat(rescreened.hits()).isEqualTo(1);
            assertThat(ExclusionScreeningTestSupport.screenings(service, tarsus)).last()
                    .satisfies(s -> assertThat(s.hits().get(0).entry().name()).isEqualTo("TARSUS MEDICAL GOODS"));

            String hester = supplier(service, "KEEP-2", "Hester Quill", "02110");
            assertThat(ExclusionScreeningTestSupport.screenings(service, hester)).singleElement()
                    .satisfies(s -> assertThat(s.hits().get(0).entry().name()).isEqualTo("QUILL, HESTER"));
        }
    }

    private static String supplier(ServiceHarness service, String sourceId, String name, String zip) {
        return service.bean(CommandGateway.class).<SubmissionResult>sendAndWait(new SubmitRecordCommand(
                new SourceRef(SourceSystem.ERP, sourceId, 1L), new SupplierAttributes(name, null, null, null, null,
                        new Address("1 Beacon Street", null, "Boston", "MA", zip, "US"), null, null, null, null),
                Actor.client("erp"))).goldenId();
    }
}
