package io.mdg.query.support;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.mdg.postgres.EmbeddedPostgresServer;

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
        config.setMaximumPoolSize(4);
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

    @Override
    public void close() {
        dataSource.close();
        server.close();
    }
}
