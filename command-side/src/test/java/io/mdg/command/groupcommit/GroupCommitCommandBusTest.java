package io.mdg.command.groupcommit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

import io.mdg.postgres.PostgresPerClass;

/** Group commit on a real PostgreSQL: many commands per transaction, each with its own outcome. */
class GroupCommitCommandBusTest {

    /** A command: write row {@code id} under {@code key}; {@code id} may already exist (a PostgreSQL error). */
    record Write(String key, int id) implements Row {
    }

    /** A command that writes one row. */
    interface Row {
        String key();

        int id();
    }

    /** A command whose row is written behind when its transaction allows (one INSERT for the group at commit). */
    record WriteLater(String key, int id) implements Row {
    }

    /** The statements that wrote rows held back, and the rows each wrote. */
    private final List<Integer> writtenBehind = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final Object ROWS = new Object();

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();
    private static DataSource dataSource;
    private JdbcTemplate jdbc;
    private GroupCommitCommandBus bus;
    /** A command whose handler waits for {@link #laneFree}: what is sent meanwhile is queued as one batch. */
    private static final int BLOCKER = 1_000_000;
    private final java.util.concurrent.CountDownLatch laneFree = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch blockerRunning = new java.util.concurrent.CountDownLatch(1);

    /** Holds the lane with a blocker, sends the commands, then frees the lane: they are handled as one batch. */
    private List<CompletableFuture<CommandResultMessage<?>>> sendAsOneBatch(List<? extends Row> writes) throws Exception {
        CompletableFuture<CommandResultMessage<?>> blocker = send(new Write("blocker", BLOCKER));
        assertThat(blockerRunning.await(10, TimeUnit.SECONDS)).as("the lane took the blocker").isTrue();
        List<CompletableFuture<CommandResultMessage<?>>> answers = new ArrayList<>();
        for (Row write : writes) {
            answers.add(send(write));
        }
        laneFree.countDown();
        assertThat(blocker.get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        return answers;
    }

    /** Whether each command's row was visible to another connection when its answer came (it must be). */
    private final ConcurrentLinkedQueue<String> answeredBeforeCommit = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void useItsDataSource() {
        dataSource = postgres.dataSource();
    }

    @BeforeEach
    void setUp() {
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP TABLE IF EXISTS written; CREATE TABLE written (id INT PRIMARY KEY, key TEXT, seq BIGSERIAL)");
        JdbcTransactionManager transactions = new JdbcTransactionManager(dataSource);
        bus = new GroupCommitCommandBus(SimpleCommandBus.builder().transactionManager(new SpringTransactionManager(transactions)),
                transactions, new GroupCommitCommandBus.Settings(1, 100, Duration.ofMillis(20), 1000),
                c -> c.getPayload() instanceof Row, c -> ((Row) c.getPayload()).key());
        JdbcTemplate inTransaction = new JdbcTemplate(dataSource);
        bus.subscribe(Write.class.getName(), message -> {
            Write write = (Write) message.getPayload();
            if (write.id() == BLOCKER) {
                blockerRunning.countDown();
                laneFree.await(10, TimeUnit.SECONDS); // holds the lane while the test queues the next commands
            }
            inTransaction.update("INSERT INTO written (id, key) VALUES (?, ?)", write.id(), write.key());
            return write.id();
        });
        bus.subscribe(WriteLater.class.getName(), message -> {
            WriteLater write = (WriteLater) message.getPayload();
            List<WriteLater> rows = WriteBehind.buffer(ROWS, ArrayList::new, held -> {
                StringBuilder sql = new StringBuilder("INSERT INTO written (id, key) VALUES ");
                for (int i = 0; i < held.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append("(").append(held.get(i).id()).append(", '")
                            .append(held.get(i).key()).append("')");
                }
                inTransaction.update(sql.toString());
                writtenBehind.add(held.size());
            });
            if (rows == null) {
                inTransaction.update("INSERT INTO written (id, key) VALUES (?, ?)", write.id(), write.key());
            } else {
                rows.add(write);
            }
            return write.id();
        });
    }

    @AfterEach
    void tearDown() {
        bus.stop();
    }

    private CompletableFuture<CommandResultMessage<?>> send(Row write) {
        CompletableFuture<CommandResultMessage<?>> answer = new CompletableFuture<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage(write), (CommandMessage<?> c, CommandResultMessage<?> r) -> {
            if (!r.isExceptional() && jdbc.queryForObject("SELECT count(*) FROM written WHERE id = ?", Integer.class,
                    write.id()) == 0) {
                answeredBeforeCommit.add(write.toString());
            }
            answer.complete(r);
        });
        return answer;
    }

    @Test
    void concurrent_commands_share_transactions_and_each_is_answered_after_its_commit() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(16);
        List<CompletableFuture<CommandResultMessage<?>>> answers = new ArrayList<>();
        try {
            List<CompletableFuture<CompletableFuture<CommandResultMessage<?>>>> sent = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                Write write = new Write("k" + (i % 50), i);
                sent.add(CompletableFuture.supplyAsync(() -> send(write), senders));
            }
            for (var s : sent) {
                answers.add(s.get(30, TimeUnit.SECONDS));
            }
            for (var a : answers) {
                assertThat(a.get(30, TimeUnit.SECONDS).isExceptional()).isFalse();
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM written", Integer.class)).isEqualTo(2000);
        assertThat(answeredBeforeCommit).isEmpty();
        assertThat(bus.metrics().commands()).isEqualTo(2000);
        assertThat(bus.metrics().batches()).as("transactions for 2,000 commands").isLessThan(2000);
        assertThat(bus.metrics().regrouped()).as("no batch needed savepoints").isZero();
    }

    @Test
    void after_each_group_commits_its_action_runs_and_sees_the_groups_rows() throws Exception {
        List<Integer> seenAfterCommit = java.util.Collections.synchronizedList(new ArrayList<>());
        bus.afterGroupCommit(() -> seenAfterCommit.add(
                jdbc.queryForObject("SELECT count(*) FROM written", Integer.class)));
        List<CompletableFuture<CommandResultMessage<?>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(send(new Write("k" + (i % 5), i)));
        }
        for (var a : answers) {
            assertThat(a.get(30, TimeUnit.SECONDS).isExceptional()).isFalse();
        }

        assertThat(seenAfterCommit).as("once per group").hasSize((int) bus.metrics().batches());
        assertThat(seenAfterCommit).as("each after its rows were committed").allMatch(count -> count > 0)
                .last().isEqualTo(20);
    }

    @Test
    void a_command_that_fails_in_postgresql_fails_alone_and_the_others_of_its_transaction_commit() throws Exception {
        jdbc.update("INSERT INTO written (id, key) VALUES (7, 'before')");
        List<CompletableFuture<CommandResultMessage<?>>> answers = sendAsOneBatch(
                List.of(new Write("key-6", 6), new Write("key-7", 7), new Write("key-8", 8)));
        assertThat(answers.get(0).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        CommandResultMessage<?> duplicate = answers.get(1).get(10, TimeUnit.SECONDS);
        assertThat(duplicate.isExceptional()).isTrue();
        assertThat(duplicate.exceptionResult()).hasStackTraceContaining("duplicate key");
        assertThat(answers.get(2).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        assertThat(jdbc.queryForList("SELECT id FROM written WHERE id <> " + BLOCKER + " ORDER BY id", Integer.class))
                .containsExactly(6, 7, 8);
        assertThat(jdbc.queryForObject("SELECT key FROM written WHERE id = 7", String.class)).isEqualTo("before");
        assertThat(bus.metrics().batches()).as("the blocker's transaction and one for the three").isEqualTo(2);
        assertThat(bus.metrics().regrouped()).as("the batch without savepoints failed and was handled again with them")
                .isEqualTo(3);
        assertThat(bus.metrics().retried()).as("only the failed command is handled again alone").isEqualTo(1);
    }

    @Test
    void after_a_failed_command_the_later_commands_of_its_key_wait_for_it_and_keep_their_order() throws Exception {
        jdbc.update("INSERT INTO written (id, key) VALUES (2, 'before')");
        List<CompletableFuture<CommandResultMessage<?>>> answers = sendAsOneBatch(
                List.of(new Write("one", 1), new Write("one", 2), new Write("one", 3), new Write("one", 4)));
        assertThat(answers.get(1).get(10, TimeUnit.SECONDS).isExceptional()).isTrue();
        for (int i : new int[] {0, 2, 3}) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        }
        assertThat(jdbc.queryForList("SELECT id FROM written WHERE key = 'one' ORDER BY seq", Integer.class))
                .containsExactly(1, 3, 4);
        assertThat(bus.metrics().retried()).as("the failed command and the two after it, alone").isEqualTo(3);
    }

    @Test
    void a_group_writes_what_it_holds_back_once_before_its_commit() throws Exception {
        List<CompletableFuture<CommandResultMessage<?>>> answers = sendAsOneBatch(
                List.of(new WriteLater("a", 1), new WriteLater("b", 2), new WriteLater("c", 3)));
        for (var a : answers) {
            assertThat(a.get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        }
        assertThat(writtenBehind).as("one statement for the three rows").containsExactly(3);
        assertThat(answeredBeforeCommit).isEmpty();
        assertThat(bus.metrics().regrouped()).isZero();
    }

    @Test
    void a_group_whose_held_back_writes_fail_at_commit_is_handled_again_writing_at_once() throws Exception {
        jdbc.update("INSERT INTO written (id, key) VALUES (12, 'another node')");
        List<CompletableFuture<CommandResultMessage<?>>> answers = sendAsOneBatch(
                List.of(new WriteLater("a", 11), new WriteLater("b", 12), new WriteLater("c", 13)));
        assertThat(answers.get(0).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        assertThat(answers.get(1).get(10, TimeUnit.SECONDS).exceptionResult()).hasStackTraceContaining("duplicate key");
        assertThat(answers.get(2).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        assertThat(writtenBehind).as("the write at commit failed; the second attempt wrote at once").containsExactly();
        assertThat(jdbc.queryForList("SELECT id FROM written WHERE id <> " + BLOCKER + " ORDER BY id", Integer.class))
                .containsExactly(11, 12, 13);
        assertThat(jdbc.queryForObject("SELECT key FROM written WHERE id = 12", String.class)).isEqualTo("another node");
        assertThat(bus.metrics().regrouped()).isEqualTo(3);
        assertThat(bus.metrics().retried()).isEqualTo(1);
    }

    @Test
    void commands_of_one_key_are_handled_in_the_order_they_were_sent() throws Exception {
        List<CompletableFuture<CommandResultMessage<?>>> answers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            answers.add(send(new Write("one", i)));
        }
        for (var a : answers) {
            assertThat(a.get(30, TimeUnit.SECONDS).isExceptional()).isFalse();
        }
        assertThat(jdbc.queryForList("SELECT id FROM written ORDER BY seq", Integer.class))
                .isSorted().hasSize(500);
    }

    @Test
    void other_commands_are_handled_in_the_senders_thread_with_their_own_transaction() {
        bus.subscribe(String.class.getName(), message -> Thread.currentThread().getName());
        List<Object> result = new ArrayList<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage("steward action"),
                (c, r) -> result.add(r.getPayload()));
        assertThat(result).containsExactly(Thread.currentThread().getName());
        assertThat(bus.metrics().commands()).isZero();
    }

    @Test
    void another_command_that_loses_a_concurrent_append_is_decided_again_and_a_rules_refusal_is_not() {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        bus.subscribe(String.class.getName(), message -> {
            if (message.getPayload().equals("approve") && attempts.incrementAndGet() == 1) {
                // another node appended to the same aggregate between this node's read and its append
                throw new org.axonframework.modelling.command.ConcurrencyException("sequence number taken");
            }
            if (message.getPayload().equals("approve again")) {
                attempts.incrementAndGet();
                throw new io.mdg.command.record.CommandRefusedException(io.mdg.api.error.ErrorCode.CONFLICT,
                        "ALREADY_APPROVED", "the request is approved");
            }
            return "decided";
        });
        List<CommandResultMessage<?>> results = new ArrayList<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage("approve"), (c, r) -> results.add(r));
        assertThat(results).singleElement().satisfies(r -> assertThat(r.getPayload()).isEqualTo("decided"));
        assertThat(attempts).hasValue(2);

        attempts.set(0);
        results.clear();
        bus.dispatch(GenericCommandMessage.asCommandMessage("approve again"), (c, r) -> results.add(r));
        assertThat(results).singleElement().satisfies(r -> assertThat(r.isExceptional()).isTrue());
        assertThat(attempts).as("a rule's refusal is final").hasValue(1);
    }
}
