package io.mdg.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.idempotency.IdempotencyClaim;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.command.groupcommit.WriteBehind;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.postgres.PostgresPerClass;

/**
 * The store of answers to keyed commands on PostgreSQL: a repeat reads the first answer, another input or a key held
 * by a transaction in flight is refused, the answers of a group are written with its commit, expired answers are
 * ignored and purged, and every answer is stored sealed.
 */
class IdempotencyStoreTest {

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();
    private static DataSource dataSource;
    private IdempotencyStore store;
    private TransactionTemplate transaction;
    private JdbcTemplate jdbc;

    /** Seals by reversing the bytes behind a marker: enough to see that nothing is stored as it is. */
    static final class ReversingCipher implements AnswerCipher {
        @Override
        public byte[] encrypt(byte[] plain) {
            byte[] sealed = new byte[plain.length + 1];
            sealed[0] = 0x01;
            for (int i = 0; i < plain.length; i++) {
                sealed[i + 1] = plain[plain.length - 1 - i];
            }
            return sealed;
        }

        @Override
        public byte[] decrypt(byte[] sealed) {
            if (sealed[0] != 0x01) {
                throw new IllegalStateException("not sealed");
            }
            byte[] plain = new byte[sealed.length - 1];
            for (int i = 0; i < plain.length; i++) {
                plain[i] = sealed[sealed.length - 1 - i];
            }
            return plain;
        }
    }

    @BeforeAll
    static void useItsDataSource() {
        dataSource = postgres.dataSource();
    }

    @BeforeEach
    void setUp() {
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP TABLE IF EXISTS " + IdempotencyStore.TABLE);
        store = new IdempotencyStore(jdbc, new ObjectMapper().findAndRegisterModules(), new ReversingCipher(),
                Duration.ofHours(24));
        store.createSchema();
        transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    }

    private static IdempotencyClaim claim(String key, char input) {
        return new IdempotencyClaim("client:erp", key, String.valueOf(input).repeat(64));
    }

    private static final SubmissionResult CREATED = new SubmissionResult(SubmissionOutcome.CREATED, "g-1",
            List.of(AttributeResult.of("legalName", AttributeStatus.APPLIED)), List.of(), null, 1L);

    /** Handles a keyed command in its own transaction as the interceptor does; the answer it gets. */
    private Object handle(IdempotencyClaim claim, Object answer) {
        return transaction.execute(status -> {
            Optional<IdempotencyStore.StoredAnswer> stored = store.claim(claim);
            if (stored.isPresent()) {
                return stored.get().value();
            }
            store.remember(claim, answer);
            return answer;
        });
    }

    @Test
    void a_repeat_with_the_same_input_reads_the_first_answer() {
        assertThat(handle(claim("k-1", 'a'), CREATED)).isEqualTo(CREATED);
        SubmissionResult other = SubmissionResult.rejected(null, List.of());
        assertThat(handle(claim("k-1", 'a'), other)).isEqualTo(CREATED);
        assertThat(handle(claim("k-2", 'a'), other)).isEqualTo(other);
    }

    @Test
    void a_command_that_answered_nothing_is_answered_nothing_again() {
        assertThat(handle(claim("k-null", 'a'), null)).isNull();
        Optional<IdempotencyStore.StoredAnswer> stored = transaction.execute(status -> store.claim(claim("k-null", 'a')));
        assertThat(stored).contains(new IdempotencyStore.StoredAnswer(null));
    }

    @Test
    void the_same_key_with_another_input_is_refused_naming_the_key() {
        handle(claim("k-reused", 'a'), CREATED);
        assertThatThrownBy(() -> handle(claim("k-reused", 'b'), CREATED))
                .isInstanceOf(CommandRefusedException.class)
                .hasMessageContaining(IdempotencyClaim.REUSED)
                .hasMessageContaining("k-reused");
    }

    @Test
    void keys_are_unique_per_scope() {
        handle(claim("k-scope", 'a'), CREATED);
        SubmissionResult other = SubmissionResult.rejected(null, List.of());
        assertThat(handle(new IdempotencyClaim("client:sourcing", "k-scope", "b".repeat(64)), other))
                .isEqualTo(other);
    }

    @Test
    void a_key_held_by_a_transaction_in_flight_is_refused_until_it_ends() throws Exception {
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
            store.claim(claim("k-flight", 'a'));
            claimed.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.remember(claim("k-flight", 'a'), CREATED);
            return CREATED;
        }));
        assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> handle(claim("k-flight", 'a'), CREATED))
                .isInstanceOf(CommandRefusedException.class)
                .hasMessageContaining(IdempotencyClaim.IN_FLIGHT);
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertThat(handle(claim("k-flight", 'a'), SubmissionResult.rejected(null, List.of()))).isEqualTo(CREATED);
    }

    @Test
    void the_same_key_twice_in_one_transaction_is_in_flight_the_second_time() {
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            WriteBehind.enable();
            store.claim(claim("k-twice", 'a'));
            store.remember(claim("k-twice", 'a'), CREATED);
            store.claim(claim("k-twice", 'a'));
        })).isInstanceOf(CommandRefusedException.class).hasMessageContaining(IdempotencyClaim.IN_FLIGHT);
        assertThat(rows()).isZero();
    }

    @Test
    void a_group_that_writes_behind_writes_its_answers_with_its_commit() {
        transaction.executeWithoutResult(status -> {
            WriteBehind.enable();
            for (int i = 0; i < 3; i++) {
                assertThat(store.claim(claim("k-group-" + i, 'a'))).isEmpty();
                store.remember(claim("k-group-" + i, 'a'), CREATED);
            }
            assertThat(committedRows()).isZero();
        });
        assertThat(committedRows()).isEqualTo(3);
        assertThat(handle(claim("k-group-2", 'a'), null)).isEqualTo(CREATED);
    }

    @Test
    void a_rolled_back_transaction_keeps_no_answer() {
        transaction.executeWithoutResult(status -> {
            store.claim(claim("k-rollback", 'a'));
            store.remember(claim("k-rollback", 'a'), CREATED);
            status.setRollbackOnly();
        });
        SubmissionResult second = SubmissionResult.rejected(null, List.of());
        assertThat(handle(claim("k-rollback", 'b'), second)).isEqualTo(second);
    }

    @Test
    void an_expired_answer_is_ignored_overwritten_and_purged() {
        handle(claim("k-old", 'a'), CREATED);
        handle(claim("k-older", 'a'), CREATED);
        jdbc.update("UPDATE " + IdempotencyStore.TABLE + " SET expires_at = now() - interval '1 second'");
        SubmissionResult fresh = SubmissionResult.rejected(null, List.of());
        assertThat(handle(claim("k-old", 'b'), fresh)).isEqualTo(fresh);
        assertThat(handle(claim("k-old", 'b'), CREATED)).isEqualTo(fresh);
        assertThat(store.purgeExpired()).isEqualTo(1);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void answers_are_stored_sealed() {
        handle(claim("k-sealed", 'a'), CREATED);
        byte[] stored = jdbc.queryForObject("SELECT answer FROM " + IdempotencyStore.TABLE, byte[].class);
        assertThat(stored[0]).isEqualTo((byte) 0x01);
        assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain("CREATED").doesNotContain("legalName");
    }

    @Test
    void an_answer_that_is_not_a_contract_message_is_not_stored() {
        assertThatThrownBy(() -> handle(claim("k-odd", 'a'), new java.util.ArrayList<>()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("contract module");
    }

    private int rows() {
        return jdbc.queryForObject("SELECT count(*) FROM " + IdempotencyStore.TABLE, Integer.class);
    }

    /** Rows as another connection sees them (committed only). */
    private static int committedRows() {
        try (Connection other = dataSource.getConnection();
             ResultSet rs = other.createStatement().executeQuery("SELECT count(*) FROM " + IdempotencyStore.TABLE)) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
