package io.mdg.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.mdg.postgres.PostgresPerClass;

class EventStoreNotificationsTest {

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();

    private final AtomicInteger firstWoken = new AtomicInteger();
    private final AtomicInteger secondWoken = new AtomicInteger();
    private final EventStoreNotifications first =
            new EventStoreNotifications(postgres.dataSource(), firstWoken::incrementAndGet);
    private final EventStoreNotifications second =
            new EventStoreNotifications(postgres.dataSource(), secondWoken::incrementAndGet);

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    @Test
    void a_commit_on_one_node_wakes_the_other_node_once_it_commits_and_never_its_own_node() {
        first.start();
        second.start();
        // each wakes once as it starts listening (for what it missed before)
        await().atMost(Duration.ofSeconds(10)).until(() -> firstWoken.get() == 1 && secondWoken.get() == 1);
        TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(postgres.dataSource()));

        transactions.executeWithoutResult(status -> {
            first.appended();
            first.appended(); // a group appends once, a plain unit of work once per append: told once per commit
            assertThat(secondWoken).as("before the commit").hasValue(1);
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> secondWoken.get() == 2);
        assertThat(firstWoken).as("its own commit").hasValue(1);
    }

    @Test
    void a_transaction_rolled_back_wakes_nobody() {
        second.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> secondWoken.get() == 1);
        TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(postgres.dataSource()));

        transactions.executeWithoutResult(status -> {
            first.appended();
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> second.appended()); // a marker: the second node's own

        // the listener handles notifications in commit order: once it is past the marker, the rollback is behind it
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> secondWoken.get() == 1);
    }
}
