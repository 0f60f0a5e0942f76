package io.mdg.app.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.app.crypto.FieldEncryption;
import io.mdg.app.intake.InboundQueue.Status;
import io.mdg.graphql.submission.SubmissionInput;
import io.mdg.graphql.submission.SupplierSubmissionInput;
import io.mdg.postgres.EmbeddedPostgresServer;

/**
 * The inbound queue and its worker on a real PostgreSQL: durable, encrypted entries; duplicates dropped by webhook id;
 * claims that never overlap; failures that may pass retried with back-off, the rest dead letters with their reasons;
 * a replay after the mapping was fixed; retention.
 */
class InboundWorkerTest {

    @TempDir
    static Path dir;
    private static EmbeddedPostgresServer postgres;
    private static DriverManagerDataSource dataSource;
    private static final FieldEncryption RING = FieldEncryption.parse(FieldEncryption.newKey("k1"));
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T10:00:00Z"));
    private final List<SubmissionInput> sent = new ArrayList<>();
    private final List<String> correlations = new ArrayList<>();
    private InboundQueue queue;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.start(dir.resolve("pg"));
        dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.user(), "");
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void emptyQueue() {
        queue = new InboundQueue(dataSource, RING, JSON);
        new JdbcTemplate(dataSource).execute("TRUNCATE " + InboundQueue.TABLE);
    }

    private static InboundSettings settings() {
        return new InboundSettings(null, null, Duration.ofDays(7), Duration.ofDays(30), null,
                new InboundSettings.Worker(1, Duration.ofMillis(50), 10, Duration.ofMinutes(2), 3,
                        Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(30)),
                Map.of());
    }

    private InboundSources sources(Path mapping) {
        return InboundSources.from(new InboundSettings(null, null, null, null, null, null, Map.of("sourcing",
                new InboundSettings.Source(null, null, List.of(Webhooks.newSecret()), mapping.toString(), null))),
                JSON);
    }

    private InboundWorker worker(InboundSources sources, InboundSubmitter submitter) {
        return new InboundWorker(queue, sources, submitter, settings(), JSON, clock);
    }

    private InboundSubmitter answering(SubmissionOutcome outcome) {
        return (source, correlationId, input) -> {
            sent.add(input);
            correlations.add(correlationId);
            return new SubmissionResult(outcome, "golden-1", List.of(), List.of(),
                    outcome == SubmissionOutcome.PENDING_APPROVAL ? "cr-1" : null);
        };
    }

    private static byte[] payload(String compliance) {
        return SourceMappingTest.CREATED.replace("'cleared'", "'" + compliance + "'").replace('\'', '"')
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_queued_payload_is_stored_encrypted_and_a_redelivered_webhook_id_adds_nothing() {
        InboundQueue.Enqueued first = queue.enqueue("sourcing", "evt_1", "corr-1", payload("cleared"), clock.instant());
        InboundQueue.Enqueued again = queue.enqueue("sourcing", "evt_1", "corr-2", payload("cleared"),
                clock.instant());
        InboundQueue.Enqueued otherSource = queue.enqueue("erp", "evt_1", "corr-3", payload("cleared"),
                clock.instant());

        assertThat(first).isEqualTo(new InboundQueue.Enqueued("corr-1", false, Status.QUEUED));
        assertThat(again).isEqualTo(new InboundQueue.Enqueued("corr-1", true, Status.QUEUED));
        assertThat(otherSource.duplicate()).isFalse();
        assertThat(queue.depth()).isEqualTo(2);
        byte[] stored = new JdbcTemplate(dataSource).queryForObject("SELECT payload FROM " + InboundQueue.TABLE
                + " WHERE correlation_id = 'corr-1'", byte[].class);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("Acme").doesNotContain("12-3456789");
        assertThat(RING.decrypt(stored)).isEqualTo(payload("cleared"));
    }

    @Test
    void two_workers_never_claim_the_same_entry_and_a_lost_worker_entry_is_claimed_again_after_its_lease() {
        for (int i = 0; i < 5; i++) {
            queue.enqueue("sourcing", "evt_" + i, "corr-" + i, payload("cleared"), clock.instant());
        }
        List<InboundQueue.Claimed> a = queue.claim(3, clock.instant(), Duration.ofMinutes(2));
        List<InboundQueue.Claimed> b = queue.claim(3, clock.instant(), Duration.ofMinutes(2));
        assertThat(a).hasSize(3);
        assertThat(b).hasSize(2);
        assertThat(a).extracting(InboundQueue.Claimed::correlationId)
                .doesNotContainAnyElementsOf(b.stream().map(InboundQueue.Claimed::correlationId).toList());
        assertThat(queue.claim(3, clock.instant(), Duration.ofMinutes(2))).isEmpty();

        // both nodes died: after the lease their entries are claimed again, and a late result is not written
        clock.advance(Duration.ofMinutes(3));
        List<InboundQueue.Claimed> again = queue.claim(10, clock.instant(), Duration.ofMinutes(2));
        assertThat(again).extracting(InboundQueue.Claimed::correlationId)
                .containsExactly("corr-0", "corr-1", "corr-2", "corr-3", "corr-4");
        assertThat(again).allMatch(c -> c.attempts() == 2);
        assertThat(queue.done(a.get(0), clock.instant(), Status.DONE, "t", "v", "CREATED", "g", null)).isFalse();
        assertThat(queue.done(again.get(0), clock.instant(), Status.DONE, "t", "v", "CREATED", "g", null)).isTrue();
    }

    @Test
    void the_worker_maps_and_submits_with_the_entry_correlation_id_and_the_webhook_id_as_idempotency_key() {
        queue.enqueue("sourcing", "evt_1", "corr-1", payload("cleared"), clock.instant());
        InboundWorker worker = worker(sources(SourceMappingTest.PROCURELY), answering(SubmissionOutcome.CREATED));

        assertThat(worker.runOnce()).isEqualTo(1);

        assertThat(correlations).containsExactly("corr-1");
        assertThat(((SupplierSubmissionInput) sent.get(0)).legalName()).isEqualTo("Acme Surgical Supply LLC");
        assertThat(sent.get(0).idempotencyKey()).isEqualTo("evt_1");
        InboundQueue.Entry entry = queue.find("corr-1").orElseThrow();
        assertThat(entry.status()).isEqualTo(Status.DONE);
        assertThat(entry.outcome()).isEqualTo("CREATED");
        assertThat(entry.goldenId()).isEqualTo("golden-1");
        assertThat(entry.eventType()).isEqualTo("supplier.created");
        assertThat(entry.mappingVersion()).isEqualTo("procurely-2026.12-1");
        assertThat(queue.depth()).isZero();
        assertThat(worker.runOnce()).isZero();
    }

    @Test
    void a_timeout_is_retried_after_a_growing_wait_and_ends_a_dead_letter_after_the_last_attempt() {
        queue.enqueue("sourcing", "evt_1", "corr-1", payload("cleared"), clock.instant());
        int[] calls = {0};
        InboundWorker worker = worker(sources(SourceMappingTest.PROCURELY), (source, correlationId, input) -> {
            calls[0]++;
            throw new TimeoutException("slow");
        });

        assertThat(worker.runOnce()).isEqualTo(1);
        assertThat(queue.find("corr-1").orElseThrow().status()).isEqualTo(Status.QUEUED);
        assertThat(worker.runOnce()).as("not due before its back-off").isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(worker.runOnce()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(3));
        assertThat(worker.runOnce()).as("the second wait is twice the first").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(worker.runOnce()).isEqualTo(1);

        assertThat(calls[0]).isEqualTo(3);
        InboundQueue.Entry dead = queue.find("corr-1").orElseThrow();
        assertThat(dead.status()).isEqualTo(Status.DEAD);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.errors()).extracting(FieldError::code).containsExactly("TIMEOUT");
        assertThat(queue.deadLetters("sourcing", 10)).extracting(InboundQueue.Entry::correlationId)
                .containsExactly("corr-1");
    }

    @Test
    void a_worker_stopped_during_a_submission_leaves_its_entry_due_at_once_for_the_next_worker() {
        queue.enqueue("sourcing", "evt_1", "corr-1", payload("cleared"), clock.instant());
        InboundWorker stopping = worker(sources(SourceMappingTest.PROCURELY), (source, correlationId, input) -> {
            throw new InterruptedException("stopping");
        });

        stopping.runOnce();

        assertThat(Thread.interrupted()).as("the interrupt is kept for the worker's loop").isTrue();
        assertThat(queue.find("corr-1").orElseThrow().status()).isEqualTo(Status.QUEUED);
        assertThat(worker(sources(SourceMappingTest.PROCURELY), answering(SubmissionOutcome.CREATED)).runOnce())
                .isEqualTo(1);
        assertThat(queue.find("corr-1").orElseThrow().status()).isEqualTo(Status.DONE);
    }

    @Test
    void a_refused_submission_is_a_dead_letter_at_once_with_the_command_side_reasons() {
        queue.enqueue("sourcing", "evt_1", "corr-1", payload("cleared"), clock.instant());
        queue.enqueue("sourcing", "evt_2", "corr-2", payload("cleared"), clock.instant());
        InboundWorker worker = worker(sources(SourceMappingTest.PROCURELY), (source, correlationId, input) -> {
            if (correlationId.equals("corr-1")) {
                return SubmissionResult.rejected(null, List.of(new FieldError("taxId", "INVALID_TAX_ID",
                        "not a valid EIN")));
            }
            throw new org.axonframework.commandhandling.CommandExecutionException("refused", null,
                    new MdgErrorDetails(ErrorCode.VALIDATION_FAILED, "no such supplier", List.of()));
        });

        worker.runOnce();

        assertThat(queue.find("corr-1").orElseThrow().errors()).extracting(FieldError::code)
                .containsExactly("INVALID_TAX_ID");
        assertThat(queue.find("corr-1").orElseThrow().outcome()).isEqualTo("REJECTED");
        InboundQueue.Entry second = queue.find("corr-2").orElseThrow();
        assertThat(second.status()).as(second.toString()).isEqualTo(Status.DEAD);
        assertThat(second.attempts()).isEqualTo(1);
        assertThat(second.errors()).extracting(FieldError::code).containsExactly("VALIDATION_FAILED");
    }

    @Test
    void an_unmappable_payload_is_a_dead_letter_replayed_with_a_new_key_once_the_mapping_knows_the_value()
            throws Exception {
        queue.enqueue("sourcing", "evt_1", "corr-1", payload("on_hold"), clock.instant());
        InboundWorker before = worker(sources(SourceMappingTest.PROCURELY), answering(SubmissionOutcome.CREATED));

        before.runOnce();

        InboundQueue.Entry dead = queue.find("corr-1").orElseThrow();
        assertThat(dead.status()).isEqualTo(Status.DEAD);
        assertThat(dead.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("screeningStatus");
            assertThat(e.code()).isEqualTo(SourceMapping.UNMAPPED_VALUE);
        });
        assertThat(sent).as("nothing reached the command side").isEmpty();
        assertThat(queue.replay("corr-2", clock.instant())).as("no such dead letter").isFalse();

        // the operator adds the value to the mapping, restarts with it, and replays the dead letter
        Path fixed = dir.resolve("procurely-fixed.yaml");
        java.nio.file.Files.writeString(fixed, java.nio.file.Files.readString(SourceMappingTest.PROCURELY)
                .replace("debarred: EXCLUDED }", "debarred: EXCLUDED, on_hold: NOT_SCREENED }")
                .replace("version: procurely-2026.12-1", "version: procurely-2026.12-2"));
        InboundWorker after = worker(sources(fixed), answering(SubmissionOutcome.PENDING_APPROVAL));
        assertThat(queue.replay("corr-1", clock.instant())).isTrue();
        assertThat(queue.replay("corr-1", clock.instant())).as("queued, no longer a dead letter").isFalse();

        after.runOnce();

        InboundQueue.Entry done = queue.find("corr-1").orElseThrow();
        assertThat(done.status()).isEqualTo(Status.DONE);
        assertThat(done.outcome()).isEqualTo("PENDING_APPROVAL");
        assertThat(done.changeRequestId()).isEqualTo("cr-1");
        assertThat(done.mappingVersion()).isEqualTo("procurely-2026.12-2");
        assertThat(done.replays()).isEqualTo(1);
        assertThat(sent).singleElement().satisfies(input -> assertThat(input.idempotencyKey()).isEqualTo("evt_1~r1"));
        assertThat(queue.deadLetterCount()).isZero();
    }

    @Test
    void processed_entries_and_old_dead_letters_are_purged_after_their_retention_and_the_gauges_follow() {
        queue.enqueue("sourcing", "evt_1", "corr-1", payload("cleared"), clock.instant());
        queue.enqueue("sourcing", "evt_2", "corr-2", payload("on_hold"), clock.instant());
        queue.enqueue("sourcing", "evt_3", "corr-3", payload("cleared"), clock.instant().plusSeconds(1));
        clock.advance(Duration.ofSeconds(90));
        assertThat(queue.depth()).isEqualTo(3);
        assertThat(queue.oldestAge(clock.instant())).isEqualTo(Duration.ofSeconds(90));
        InboundWorker worker = new InboundWorker(queue, sources(SourceMappingTest.PROCURELY),
                answering(SubmissionOutcome.CREATED), new InboundSettings(null, null, Duration.ofDays(7),
                Duration.ofDays(30), null, new InboundSettings.Worker(1, null, 2, null, 3, null, null, null), Map.of()),
                JSON, clock);
        worker.runOnce();
        assertThat(queue.depth()).isEqualTo(1);
        assertThat(queue.oldestAge(clock.instant())).isEqualTo(Duration.ofSeconds(89));
        worker.runOnce();
        assertThat(queue.depth()).isZero();
        assertThat(queue.oldestAge(clock.instant())).isEqualTo(Duration.ZERO);

        clock.advance(Duration.ofDays(8));
        assertThat(queue.purge(clock.instant(), Duration.ofDays(7), Duration.ofDays(30))).isEqualTo(2);
        assertThat(queue.find("corr-1")).isEmpty();
        assertThat(queue.find("corr-2")).as("a dead letter waits longer").isPresent();
        clock.advance(Duration.ofDays(30));
        assertThat(queue.purge(clock.instant(), Duration.ofDays(7), Duration.ofDays(30))).isEqualTo(1);
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM " + InboundQueue.TABLE,
                Integer.class)).isZero();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
