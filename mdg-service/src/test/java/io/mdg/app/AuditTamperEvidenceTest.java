package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.audit.AuditBreakKind;
import io.mdg.api.audit.AuditVerification;
import io.mdg.api.audit.VerifyAuditQuery;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.app.audit.AuditCheckpoint;
import io.mdg.app.audit.AuditCheckpoints;
import io.mdg.app.audit.AuditHashes;
import io.mdg.app.audit.AuditSigningKeys;

/**
 * The tamper-evident audit on the real store: every event is chained when it is appended (also in a group commit's
 * multi-row insert and by stewards' decisions), checkpoints are signed and exported, and {@code verifyAudit} finds an
 * edited event at exactly that entry, and a rewritten chain (with the database's checkpoints re-signed) by the
 * exported checkpoints.
 */
class AuditTamperEvidenceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, Object> FAST_CHECKPOINTS = Map.of("mdg.audit.checkpoint-interval", "200ms");
    private static final BankAccount ACCOUNT = new BankAccount("Acme", "First Bank", "021000021", "9876543210",
            "DE89370400440532013000", "USD");

    @TempDir
    Path dataDir;

    @Test
    void an_untouched_store_verifies_with_grouped_submissions_steward_decisions_and_after_a_restart() {
        try (ServiceHarness service = ServiceHarness.start(dataDir, FAST_CHECKPOINTS)) {
            writeHistory(service);
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM (SELECT xmin::text FROM domainevententry GROUP BY xmin::text "
                    + "HAVING count(DISTINCT aggregateidentifier) > 1) grouped", Long.class))
                    .as("submissions were committed several per transaction").isPositive();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE audit_hash IS NULL",
                    Long.class)).isZero();
            checkpointed(service);

            AuditVerification verification = verify(service, new VerifyAuditQuery(null, null, null));
            assertThat(verification.firstBreak()).isNull();
            assertThat(verification.ok()).isTrue();
            assertThat(verification.complete()).isTrue();
            assertThat(verification.entriesChecked()).isEqualTo(eventCount(service));
            assertThat(verification.checkpointsChecked()).isPositive();
            assertThat(verification.exportedCheckpointsCompared()).isEqualTo(verification.checkpointsChecked());
            assertThat(verification.backfilledUpTo()).as("no events before the chain").isNull();
        }
        try (ServiceHarness service = ServiceHarness.start(dataDir, FAST_CHECKPOINTS)) {
            service.bean(CommandGateway.class).sendAndWait(submit("AFTER-RESTART", 1L, "After Restart Inc."));
            checkpointed(service);
            AuditVerification verification = verify(service, new VerifyAuditQuery(null, null, null));
            assertThat(verification.firstBreak()).isNull();
            assertThat(verification.entriesChecked()).isEqualTo(eventCount(service));
        }
    }

    @Test
    void an_event_edited_in_the_database_fails_verification_at_exactly_that_entry() {
        try (ServiceHarness service = ServiceHarness.start(dataDir, FAST_CHECKPOINTS)) {
            writeHistory(service);
            checkpointed(service);
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            Map<String, Object> victim = jdbc.queryForMap("SELECT globalindex, eventidentifier, aggregateidentifier, "
                    + "type, sequencenumber, payloadtype FROM domainevententry WHERE sequencenumber = 1 "
                    + "AND type = 'GovernedRecord' AND position('Supplier' in convert_from(payload, 'UTF8')) > 0 "
                    + "ORDER BY globalindex LIMIT 1");
            long position = (Long) victim.get("globalindex");
            jdbc.update("UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                    + "'Supplier', 'Supp1ier'), 'UTF8') WHERE globalindex = ?", position);

            AuditVerification verification = verify(service, new VerifyAuditQuery(null, null, null));
            assertThat(verification.ok()).isFalse();
            assertThat(verification.firstBreak().kind()).isEqualTo(AuditBreakKind.HASH_MISMATCH);
            assertThat(verification.firstBreak().position()).isEqualTo(position);
            assertThat(verification.firstBreak().eventId()).isEqualTo(victim.get("eventidentifier"));
            assertThat(verification.firstBreak().recordId()).isEqualTo(victim.get("aggregateidentifier"));
            assertThat(verification.firstBreak().aggregateType()).isEqualTo("GovernedRecord");
            assertThat(verification.firstBreak().sequenceNumber()).isEqualTo(1L);
            assertThat(verification.firstBreak().eventType()).isEqualTo(victim.get("payloadtype"));
            assertThat(verification.firstBreak().found()).isEqualTo(AuditHashes.hex(jdbc.queryForObject(
                    "SELECT audit_hash FROM domainevententry WHERE globalindex = ?", byte[].class, position)));
            assertThat(verification.firstBreak().expected()).isNotEqualTo(verification.firstBreak().found());
            assertThat(verification.entriesChecked()).as("the entries before it").isEqualTo(
                    jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE globalindex < ?", Long.class,
                            position));

            // a range that ends before the edit is intact
            long before = jdbc.queryForObject("SELECT coalesce(max(to_index), 0) FROM mdg_audit_checkpoint "
                    + "WHERE to_index < ?", Long.class, position);
            if (before > 0) {
                assertThat(verify(service, new VerifyAuditQuery(1L, before, null)).ok()).isTrue();
            }
        }
    }

    @Test
    void a_rewritten_chain_with_re_signed_database_checkpoints_is_caught_by_the_exported_checkpoints() throws Exception {
        try (ServiceHarness service = ServiceHarness.start(dataDir, FAST_CHECKPOINTS)) {
            writeHistory(service);
            checkpointed(service);
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            String record = jdbc.queryForObject("SELECT aggregateidentifier FROM domainevententry WHERE type = "
                    + "'GovernedRecord' AND sequencenumber = 1 ORDER BY globalindex LIMIT 1", String.class);
            long edited = jdbc.queryForObject("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ? "
                    + "AND sequencenumber = 0 AND position('Supplier' in convert_from(payload, 'UTF8')) > 0", Long.class,
                    record);

            // whoever can edit rows (and read the signing key kept beside the embedded database) rewrites history:
            // the record's first event, its whole chain, and every checkpoint from there on, re-signed
            jdbc.update("UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                    + "'Supplier', 'Supp1ier'), 'UTF8') WHERE globalindex = ?", edited);
            for (Long position : jdbc.queryForList("SELECT globalindex FROM domainevententry WHERE "
                    + "aggregateidentifier = ? ORDER BY sequencenumber", Long.class, record)) {
                jdbc.update("UPDATE domainevententry e SET audit_hash = mdg_audit_link(mdg_audit_previous("
                        + "e.aggregateidentifier, e.sequencenumber), e.aggregateidentifier, e.type, e.sequencenumber, "
                        + "e.eventidentifier, e.timestamp, e.payloadtype, e.payloadrevision, e.payload, e.metadata) "
                        + "WHERE e.globalindex = ?", position);
            }
            AuditSigningKeys stolen = AuditSigningKeys.parse(Files.readString(dataDir.resolve("audit-signing-keys"))
                    .strip());
            long firstRewritten = resignCheckpoints(jdbc, stolen, edited);

            AuditVerification databaseOnly = verify(service, new VerifyAuditQuery(null, null, ""));
            assertThat(databaseOnly.ok()).as("the database alone is consistent again").isTrue();

            AuditVerification verification = verify(service, new VerifyAuditQuery(null, null, null));
            assertThat(verification.ok()).isFalse();
            assertThat(verification.firstBreak().kind()).isEqualTo(AuditBreakKind.EXPORTED_CHECKPOINT_MISMATCH);
            assertThat(verification.firstBreak().checkpoint()).isEqualTo(firstRewritten);
            assertThat(verification.firstBreak().message()).contains("exported checkpoint " + firstRewritten);

            // the auditor's own copy of the export says the same
            String copy = Files.readString(service.bean(AuditCheckpoints.class).exportFile(), StandardCharsets.UTF_8);
            AuditVerification withCopy = verify(service, new VerifyAuditQuery(null, null, copy));
            assertThat(withCopy.firstBreak().kind()).isEqualTo(AuditBreakKind.EXPORTED_CHECKPOINT_MISMATCH);
            assertThat(withCopy.firstBreak().checkpoint()).isEqualTo(firstRewritten);

            // a forged line in the export is itself detected
            String forged = copy.replaceFirst("\"entries\":(\\d+)", "\"entries\":999");
            assertThat(verify(service, new VerifyAuditQuery(null, null, forged)).firstBreak().kind())
                    .isEqualTo(AuditBreakKind.EXPORTED_SIGNATURE_INVALID);
        }
    }

    @Test
    void a_store_written_before_the_chain_is_chained_once_at_start_up_and_verifies() throws Exception {
        long before;
        try (ServiceHarness service = ServiceHarness.start(dataDir, FAST_CHECKPOINTS)) {
            writeHistory(service);
            // the schema of the previous release: no chain, no checkpoints
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            service.bean(AuditCheckpoints.class).stop();
            jdbc.execute("DROP TRIGGER mdg_audit_chain ON domainevententry");
            jdbc.execute("DROP FUNCTION mdg_audit_chain(), mdg_audit_previous(text, bigint), mdg_audit_link(bytea, "
                    + "text, text, bigint, text, text, text, text, bytea, bytea), mdg_audit_field(bytea)");
            jdbc.execute("ALTER TABLE domainevententry DROP COLUMN audit_hash");
            jdbc.execute("DROP TABLE mdg_audit_checkpoint, mdg_audit_backfill");
            before = eventCount(service);
        }
        // (a previous release had no export; one may have been written before the checkpoints were stopped)
        Files.deleteIfExists(dataDir.resolve("audit-checkpoints.jsonl"));

        try (ServiceHarness service = ServiceHarness.start(dataDir, FAST_CHECKPOINTS)) {
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            Map<String, Object> backfill = jdbc.queryForMap("SELECT entries, up_to_global_index FROM "
                    + "mdg_audit_backfill");
            assertThat(backfill.get("entries")).isEqualTo(before);
            // old records go on: their new events chain onto the backfilled ones
            service.bean(CommandGateway.class).sendAndWait(submit("V-0", 3L, "Supplier 0 renamed"));
            checkpointed(service);
            AuditVerification verification = verify(service, new VerifyAuditQuery(null, null, null));
            assertThat(verification.firstBreak()).isNull();
            assertThat(verification.entriesChecked()).isEqualTo(eventCount(service)).isGreaterThan(before);
            assertThat(verification.backfilledUpTo()).isEqualTo(backfill.get("up_to_global_index"));
        }
    }

    /** Grouped source submissions, then a new supplier with bank details approved by two stewards. */
    private static void writeHistory(ServiceHarness service) {
        CommandGateway commands = service.bean(CommandGateway.class);
        List<CompletableFuture<Object>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(commands.send(submit("V-" + i, 1L, "Supplier " + i)));
        }
        sent.forEach(CompletableFuture::join);
        for (int i = 0; i < 10; i++) {
            sent.add(commands.send(submit("V-" + i, 2L, "Supplier " + i + " Inc.")));
        }
        sent.forEach(CompletableFuture::join);
        SubmissionResult held = commands.sendAndWait(new SubmitRecordCommand(new SourceRef(SourceSystem.ERP, "BANK-1",
                1L), new SupplierAttributes("Banked Supplier Inc.", null, null, null, null, null, null, ACCOUNT, null,
                null), Actor.client("erp")));
        for (String steward : List.of("sam.supplier", "sue.supplier")) {
            commands.sendAndWait(new ApproveChangeRequestCommand(held.changeRequestId(), "ok", "call-back",
                    Actor.user(steward), Set.of("supplier-steward", "finance-controller")));
        }
    }

    private static SubmitRecordCommand submit(String sourceId, long version, String name) {
        return new SubmitRecordCommand(new SourceRef(SourceSystem.ERP, sourceId, version),
                SupplierAttributes.named(name), Actor.client("erp"));
    }

    /** Waits until a checkpoint covers every event and the export file has it. */
    private static void checkpointed(ServiceHarness service) {
        JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
        long last = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        eventually(() -> jdbc.queryForObject("SELECT coalesce(max(to_index), 0) FROM mdg_audit_checkpoint", Long.class),
                to -> to >= last, WAIT);
        long number = jdbc.queryForObject("SELECT max(number) FROM mdg_audit_checkpoint", Long.class);
        Path export = service.bean(AuditCheckpoints.class).exportFile();
        eventually(() -> Files.exists(export) ? Files.readString(export) : "",
                text -> text.contains("\"number\":" + number + ","), WAIT);
    }

    /** Recomputes the checkpoints from the one holding this position on, as an attacker with the key would. */
    private static long resignCheckpoints(JdbcTemplate jdbc, AuditSigningKeys keys, long position) {
        long first = jdbc.queryForObject("SELECT number FROM mdg_audit_checkpoint WHERE from_index < ? AND "
                + "to_index >= ?", Long.class, position, position);
        byte[] previous = first == 1 ? AuditHashes.GENESIS : jdbc.queryForObject("SELECT hash FROM "
                + "mdg_audit_checkpoint WHERE number = ?", byte[].class, first - 1);
        for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM mdg_audit_checkpoint WHERE number >= ? "
                + "ORDER BY number", first)) {
            AuditHashes.MerkleRoot root = new AuditHashes.MerkleRoot();
            jdbc.query("SELECT globalindex, audit_hash FROM domainevententry WHERE globalindex > ? AND globalindex <= ? "
                    + "ORDER BY globalindex", rs -> {
                        root.add(AuditHashes.leaf(rs.getLong(1), rs.getBytes(2)));
                    }, row.get("from_index"), row.get("to_index"));
            AuditCheckpoint forged = forge((Long) row.get("number"), (Long) row.get("from_index"),
                    (Long) row.get("to_index"), root, previous, ((Timestamp) row.get("created_at")).toInstant(), keys);
            jdbc.update("UPDATE mdg_audit_checkpoint SET merkle_root = ?, previous_hash = ?, hash = ?, signature = ? "
                    + "WHERE number = ?", forged.merkleRoot(), forged.previousHash(), forged.hash(), forged.signature(),
                    forged.number());
            previous = forged.hash();
        }
        return first;
    }

    private static AuditCheckpoint forge(long number, long from, long to, AuditHashes.MerkleRoot root, byte[] previous,
                                         java.time.Instant createdAt, AuditSigningKeys keys) {
        AuditCheckpoint unsigned = new AuditCheckpoint(number, from, to, root.leaves(), root.root(), previous,
                createdAt, null, keys.signingId(), null);
        byte[] canonical = unsigned.canonical();
        return new AuditCheckpoint(number, from, to, root.leaves(), root.root(), previous, createdAt,
                sha256(canonical), keys.signingId(), keys.sign(canonical));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long eventCount(ServiceHarness service) {
        return service.bean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }

    private static AuditVerification verify(ServiceHarness service, VerifyAuditQuery query) {
        return service.bean(QueryGateway.class).query(query, ResponseTypes.instanceOf(AuditVerification.class)).join();
    }
}
