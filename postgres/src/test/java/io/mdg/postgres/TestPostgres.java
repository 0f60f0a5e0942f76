package io.mdg.postgres;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A real PostgreSQL (the embedded default's server, durable settings) in a folder of the test, and a pooled
 * {@code DataSource} on it as the service has one (PgJDBC with {@code reWriteBatchedInserts}). One per test class.
 */
public final class TestPostgres implements AutoCloseable {

    private final EmbeddedPostgresServer server;
    private final HikariDataSource dataSource;

    private TestPostgres(EmbeddedPostgresServer server, HikariDataSource dataSource) {
        this.server = server;
        this.dataSource = dataSource;
    }

    public static TestPostgres start(Path directory) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(server.user());
        config.setMaximumPoolSize(8);
        return new TestPostgres(server, new HikariDataSource(config));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    /** Drops the tables (a test starts from nothing, as a new service would). */
    public void dropTables(List<String> tables) {
        tables.forEach(t -> jdbc().execute("DROP TABLE IF EXISTS " + t));
    }

    /**
     * The ceiling to compare a table adapter's batched writes with: rows of the same shape written raw (prepared
     * values, no mapping or encryption) into a table of the same columns, {@code rowsPerBatch} per transaction, as
     * one JDBC batch. Rows per second.
     *
     * @param create the table and its indexes (dropped first)
     * @param insert its insert statement
     * @param row    the values of row {@code n}
     */
    public double rawInsertRate(String table, List<String> create, String insert, int batches, int rowsPerBatch,
                                java.util.function.LongFunction<Object[]> row) {
        JdbcTemplate jdbc = jdbc();
        jdbc.execute("DROP TABLE IF EXISTS " + table);
        create.forEach(jdbc::execute);
        org.springframework.transaction.support.TransactionTemplate transactions =
                new org.springframework.transaction.support.TransactionTemplate(
                        new org.springframework.jdbc.support.JdbcTransactionManager(dataSource));
        long started = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            List<Object[]> rows = new java.util.ArrayList<>(rowsPerBatch);
            for (int i = 0; i < rowsPerBatch; i++) {
                rows.add(row.apply((long) b * rowsPerBatch + i));
            }
            transactions.executeWithoutResult(status -> jdbc.batchUpdate(insert, rows));
        }
        return (double) batches * rowsPerBatch / ((System.nanoTime() - started) / 1e9);
    }

    @Override
    public void close() {
        dataSource.close();
        server.close();
    }
}
