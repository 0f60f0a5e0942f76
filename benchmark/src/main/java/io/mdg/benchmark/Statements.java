package io.mdg.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * {@code MDG_BENCH_STATEMENTS=<n>}: the in-process service's PostgreSQL loads pg_stat_statements, and figure 2's
 * in-process ingest prints the n statements that took the most execution time during it (calls, total time, rows).
 * Off by default: the extension costs a little on every statement.
 */
final class Statements {

    private final DataSource dataSource;

    private Statements(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static int wanted() {
        String value = System.getenv("MDG_BENCH_STATEMENTS");
        return value == null || value.isBlank() ? 0 : Integer.parseInt(value.strip());
    }

    /** Starts counting from zero (null-safe to print when not wanted). */
    static Statements reset(DataSource dataSource) throws SQLException {
        if (wanted() <= 0) {
            return new Statements(null);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.execute("SELECT pg_stat_statements_reset()");
        }
        return new Statements(dataSource);
    }

    void print(String during) throws SQLException {
        if (dataSource == null) {
            return;
        }
        System.out.println("PostgreSQL statements of " + during + " by execution time (pg_stat_statements):");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT calls, total_exec_time, rows, "
                     + "left(regexp_replace(query, '\\s+', ' ', 'g'), 160) FROM pg_stat_statements "
                     + "ORDER BY total_exec_time DESC LIMIT " + wanted())) {
            while (rows.next()) {
                System.out.printf("  %,9d calls %,9.0f ms %,9d rows  %s%n", rows.getLong(1), rows.getDouble(2),
                        rows.getLong(3), rows.getString(4));
            }
        }
    }
}
