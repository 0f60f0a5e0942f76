package io.mdg.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A real PostgreSQL ({@link TestPostgres}) for one test class, as a JUnit extension:
 * {@code @RegisterExtension static final PostgresPerClass postgres = new PostgresPerClass();} starts it in a
 * temporary folder of its own before the class's first test and stops it (and removes the folder) after its last.
 */
public final class PostgresPerClass implements BeforeAllCallback, AfterAllCallback {

    private Path directory;
    private TestPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        directory = Files.createTempDirectory("mdg-test-postgres");
        postgres = TestPostgres.start(directory);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            postgres.close();
        } finally {
            delete(directory);
        }
    }

    public TestPostgres server() {
        return postgres;
    }

    public DataSource dataSource() {
        return postgres.dataSource();
    }

    public JdbcTemplate jdbc() {
        return postgres.jdbc();
    }

    /** Drops the tables (a test starts from nothing, as a new service would). */
    public void dropTables(List<String> tables) {
        postgres.dropTables(tables);
    }

    /** See {@link TestPostgres#rawInsertRate}. */
    public double rawInsertRate(String table, List<String> create, String insert, int batches, int rowsPerBatch,
                                java.util.function.LongFunction<Object[]> row) {
        return postgres.rawInsertRate(table, create, insert, batches, rowsPerBatch, row);
    }

    private static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
