package io.mdg.app.migrate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.app.migrate.MigratedTable.RowHash;
import io.mdg.app.migrate.MigratedTable.Side;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.postgres.EmbeddedPostgresServer;

/**
 * Moves the command database of an earlier release (H2: {@code <data dir>/commandstore.mv.db}, the event store and
 * the command side's lookup tables and deadlines) into the service's PostgreSQL, once, keeping everything: every
 * event with its global index, identifier, aggregate and sequence number, type, timestamp, payload type and
 * revision, payload and metadata bytes (bank details inside stay encrypted with the keys in
 * {@code <data dir>/event-keys}, which stay where they are), the snapshots, the lookup tables and the pending
 * deadlines.
 *
 * <p>The target is the embedded PostgreSQL under {@code <data dir>/postgres}, or the external one named by
 * {@code MDG_POSTGRES_URL} ({@code _USER}, {@code _PASSWORD}) as for the service; it must hold none of these
 * tables' rows. The tables are created as the service creates them (Axon's {@link PostgresEventTableFactory},
 * {@link CommandLookups#createSchema()}), the rows copied in batches of {@value #BATCH}, one transaction per batch,
 * and the global index sequence set past the highest index. Then every table is compared: row count and a SHA-256
 * over its rows in key order on both sides. Only when all are equal is the H2 file renamed to
 * {@code commandstore.mv.db.migrated-<date>} (kept, never deleted), after which the service starts on the data
 * directory. On any failure nothing is renamed.
 * <pre>./mdg migrate-h2 [data dir]
 * java -cp mdg-service.jar -Dloader.main=io.mdg.app.migrate.H2Migration \
 *     org.springframework.boot.loader.launch.PropertiesLauncher [data dir]</pre>
 */
public final class H2Migration {

    /** The H2 file of the earlier releases' command database, in the data directory. */
    public static final String H2_FILE = "commandstore.mv.db";
    static final int BATCH = 500;
    private static final long PROGRESS_EVERY = 100_000;

    private final Path dataDir;
    private final Optional<ExternalPostgres> external;
    private final PrintStream out;

    private H2Migration(Path dataDir, Optional<ExternalPostgres> external, PrintStream out) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.external = external;
        this.out = out;
    }

    /** A table compared after the copy. */
    public record TableCheck(String table, long h2Rows, long postgresRows, String h2Sha256, String postgresSha256) {

        public boolean equal() {
            return h2Rows == postgresRows && h2Sha256.equals(postgresSha256);
        }
    }

    /** What a migration did: every table compared, and where the H2 file is kept. */
    public record Report(List<TableCheck> tables, Path keptAs) {

        public Optional<TableCheck> table(String name) {
            return tables.stream().filter(t -> t.table().equals(name)).findFirst();
        }
    }

    /** An external PostgreSQL as the service is given it ({@code MDG_POSTGRES_URL}, {@code _USER}, {@code _PASSWORD}). */
    public record ExternalPostgres(String url, String user, String password) {

        public static Optional<ExternalPostgres> fromEnvironment() {
            String url = System.getenv("MDG_POSTGRES_URL");
            if (url == null || url.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new ExternalPostgres(url.trim(), envOr("MDG_POSTGRES_USER", "postgres"),
                    envOr("MDG_POSTGRES_PASSWORD", "")));
        }
    }

    /** The migration refused or failed; the message says what happened and what to do. */
    public static final class MigrationException extends RuntimeException {

        MigrationException(String message) {
            super(message);
        }

        MigrationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static void main(String[] args) {
        quietLogging();
        if (args.length > 1 || (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help")))) {
            System.err.println("Usage: java -cp mdg-service.jar -Dloader.main=io.mdg.app.migrate.H2Migration "
                    + "org.springframework.boot.loader.launch.PropertiesLauncher [data dir]\n"
                    + "Moves the H2 event store of an earlier release (<data dir>/" + H2_FILE + ") into PostgreSQL: "
                    + "the embedded server under <data dir>/postgres, or MDG_POSTGRES_URL (_USER, _PASSWORD). "
                    + "The data directory defaults to MDG_DATA_DIR, else ./data.");
            System.exit(args.length == 1 ? 0 : 2);
        }
        Path dataDir = Path.of(args.length == 1 ? args[0] : envOr("MDG_DATA_DIR", "./data"));
        try {
            run(dataDir, ExternalPostgres.fromEnvironment(), System.out);
        } catch (MigrationException e) {
            System.out.flush();
            System.err.println("mdg migrate-h2: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * Migrates {@code <dataDir>/commandstore.mv.db} into the embedded PostgreSQL under {@code <dataDir>/postgres}
     * (or {@code external}), printing progress and the comparison to {@code out}.
     *
     * @throws MigrationException refused (nothing changed) or failed (nothing renamed; the message says how to
     *                            start again)
     */
    public static Report run(Path dataDir, Optional<ExternalPostgres> external, PrintStream out) {
        return new H2Migration(dataDir, external, out).run();
    }

    private Report run() {
        Path h2File = dataDir.resolve(H2_FILE);
        if (!Files.isRegularFile(h2File)) {
            throw new MigrationException("there is no H2 event store to migrate in " + dataDir + " (no " + H2_FILE
                    + ")" + alreadyMigrated().map(kept -> "; it was migrated already and is kept as " + kept)
                    .orElse(""));
        }
        out.println("Migrating the H2 event store " + h2File + " into " + targetName());
        List<TableCheck> checks;
        try (Connection h2 = openH2(h2File)) {
            List<MigratedTable> tables = sourceTables(h2);
            EmbeddedPostgresServer server = external.isEmpty() ? startEmbedded() : null;
            try (Connection pg = openPostgres(server)) {
                refuseUnlessEmpty(pg);
                checks = copyAndCompare(tables, h2, pg);
            } catch (SQLException e) {
                throw failed("PostgreSQL: " + e.getMessage(), e);
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        } catch (SQLException e) {
            throw failed("H2: " + e.getMessage(), e);
        }
        printChecks(checks);
        List<String> differing = checks.stream().filter(c -> !c.equal()).map(TableCheck::table).toList();
        if (!differing.isEmpty()) {
            throw failed("the copy differs from the H2 store in " + String.join(", ", differing)
                    + " (row count or SHA-256 above)", null);
        }
        Path keptAs = keepH2File(h2File);
        out.println("Verified: every table holds the same rows in PostgreSQL as in H2 (count and SHA-256).");
        out.println("The H2 file is kept as " + keptAs + " (never deleted by the service; remove it yourself once it "
                + "is no longer needed). The event keys stay in " + dataDir.resolve("event-keys") + ".");
        out.println("The service starts on " + dataDir + " as usual (./mdg start for data/).");
        return new Report(List.copyOf(checks), keptAs);
    }

    // ------------------------------------------------------------------------------------------- source (H2)

    private Connection openH2(Path h2File) {
        String file = h2File.toString();
        String url = "jdbc:h2:file:" + file.substring(0, file.length() - ".mv.db".length())
                + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
        Properties credentials = new Properties();
        credentials.setProperty("user", envOr("MDG_COMMAND_DB_USER", "sa"));
        credentials.setProperty("password", envOr("MDG_COMMAND_DB_PASSWORD", ""));
        try {
            return new org.h2.Driver().connect(url, credentials);
        } catch (SQLException e) {
            String why = switch (e.getErrorCode()) {
                case org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1 -> "it is in use by another process (a service of "
                        + "the earlier release still running on " + dataDir + "? stop it first)";
                case org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD -> "wrong user or password (the earlier release's "
                        + "MDG_COMMAND_DB_USER and MDG_COMMAND_DB_PASSWORD, if it ran with them, are needed here too)";
                default -> e.getMessage();
            };
            throw new MigrationException("cannot open the H2 event store " + h2File + ": " + why
                    + ". Nothing was changed.", e);
        }
    }

    /** The known tables the H2 store has, after checking it holds nothing this migration would leave behind. */
    private List<MigratedTable> sourceTables(Connection h2) throws SQLException {
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        try (Statement s = h2.createStatement(); ResultSet rs = s.executeQuery("SELECT c.TABLE_NAME, c.COLUMN_NAME "
                + "FROM INFORMATION_SCHEMA.COLUMNS c JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = "
                + "c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME WHERE c.TABLE_SCHEMA = 'PUBLIC' "
                + "AND t.TABLE_TYPE = 'BASE TABLE'")) {
            while (rs.next()) {
                columns.computeIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), t -> new TreeSet<>())
                        .add(rs.getString(2).toLowerCase(Locale.ROOT));
            }
        }
        if (!columns.containsKey("domainevententry")) {
            throw new MigrationException("the H2 database " + dataDir.resolve(H2_FILE) + " has no event table "
                    + "(DOMAINEVENTENTRY): not an event store of an earlier release. Nothing was changed.");
        }
        List<String> problems = new ArrayList<>();
        Set<String> known = MigratedTable.ALL.stream().map(MigratedTable::name).collect(Collectors.toSet());
        for (String table : columns.keySet()) {
            if (!known.contains(table)) {
                long rows = count(h2, "SELECT COUNT(*) FROM " + Side.H2.quote(table));
                if (rows > 0) {
                    problems.add("table " + table + " (" + rows + " rows) is not one this migration knows");
                } else {
                    out.println("  (H2 table " + table + " is empty and not migrated)");
                }
            }
        }
        List<MigratedTable> present = new ArrayList<>();
        for (MigratedTable table : MigratedTable.ALL) {
            Set<String> has = columns.get(table.name());
            if (has == null) {
                out.println("  (H2 has no table " + table.name() + ": nothing to copy)");
                continue;
            }
            Set<String> expected = table.columns().stream().map(MigratedTable.Column::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!has.equals(expected)) {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(has);
                Set<String> extra = new TreeSet<>(has);
                extra.removeAll(expected);
                problems.add("table " + table.name() + " has other columns than expected (missing " + missing
                        + ", unknown " + extra + ")");
            }
            present.add(table);
        }
        if (!problems.isEmpty()) {
            throw new MigrationException("the H2 store in " + dataDir + " was not written by the release this "
                    + "migration knows: " + String.join("; ", problems) + ". Nothing was changed (no row would be "
                    + "left behind silently).");
        }
        return present;
    }

    // ------------------------------------------------------------------------------------------- target (PostgreSQL)

    private String targetName() {
        return external.map(e -> "the external PostgreSQL at " + redacted(e.url()))
                .orElse("the embedded PostgreSQL in " + dataDir.resolve("postgres"));
    }

    private EmbeddedPostgresServer startEmbedded() {
        try {
            return EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
        } catch (RuntimeException e) {
            throw new MigrationException("cannot start the embedded PostgreSQL in " + dataDir.resolve("postgres")
                    + ": " + e.getMessage() + ". Nothing was migrated; the H2 store is unchanged.", e);
        }
    }

    private Connection openPostgres(EmbeddedPostgresServer server) throws SQLException {
        String url;
        Properties credentials = new Properties();
        if (server != null) {
            url = server.jdbcUrl();
            credentials.setProperty("user", server.user());
            credentials.setProperty("password", "");
        } else {
            ExternalPostgres target = external.orElseThrow();
            url = target.url().contains("reWriteBatchedInserts") ? target.url()
                    : target.url() + (target.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
            credentials.setProperty("user", target.user());
            credentials.setProperty("password", target.password());
        }
        Connection connection = new org.postgresql.Driver().connect(url, credentials);
        if (connection == null) {
            throw new MigrationException("MDG_POSTGRES_URL is not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/"
                    + "mdg): " + redacted(url) + ". Nothing was changed.");
        }
        return connection;
    }

    /** The target must hold none of the migrated tables' rows (a second run, or a service already started on it). */
    private void refuseUnlessEmpty(Connection pg) throws SQLException {
        List<String> holding = new ArrayList<>();
        for (MigratedTable table : MigratedTable.ALL) {
            boolean exists;
            try (PreparedStatement s = pg.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                s.setString(1, table.name());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    exists = rs.getBoolean(1);
                }
            }
            if (exists) {
                long rows = count(pg, table.count(Side.POSTGRES));
                if (rows > 0) {
                    holding.add(table.name() + " (" + rows + " rows)");
                }
            }
        }
        if (!holding.isEmpty()) {
            String advice = alreadyMigrated().map(kept -> " Careful: " + dataDir + " was migrated before (its H2 "
                    + "file is kept as " + kept + ") and the service may have stored new events since: do not remove "
                    + "the target; move " + dataDir.resolve(H2_FILE) + " out of the data directory instead.")
                    .orElse(" If those rows come from an earlier attempt that did not finish, " + resetAdvice()
                            + " and run the migration again.");
            throw new MigrationException(targetName() + " already holds " + String.join(", ", holding)
                    + ": refused, nothing was copied and the H2 store is unchanged. A migration only fills an empty "
                    + "target." + advice);
        }
    }

    private String resetAdvice() {
        return external.isPresent()
                ? "drop the tables " + MigratedTable.ALL.stream().map(MigratedTable::name)
                        .collect(Collectors.joining(", ")) + " in that database (or point MDG_POSTGRES_URL at an "
                        + "empty database)"
                : "remove the target with `rm -rf " + dataDir.resolve("postgres") + "`";
    }

    // ------------------------------------------------------------------------------------------- copy, compare

    private List<TableCheck> copyAndCompare(List<MigratedTable> tables, Connection h2, Connection pg) {
        try {
            createSchema(pg);
            Map<String, RowHash> sourceHashes = new LinkedHashMap<>();
            for (MigratedTable table : tables) {
                sourceHashes.put(table.name(), copy(table, h2, pg));
            }
            advanceGlobalIndex(pg);
            List<TableCheck> checks = new ArrayList<>();
            for (MigratedTable table : MigratedTable.ALL) {
                RowHash source = sourceHashes.getOrDefault(table.name(), new RowHash());
                long h2Rows = tables.contains(table) ? count(h2, table.count(Side.H2)) : 0;
                if (source.rows() != h2Rows) {
                    throw new SQLException(table.name() + ": " + source.rows() + " rows read but H2 counts " + h2Rows);
                }
                RowHash target = hash(table, pg);
                long postgresRows = count(pg, table.count(Side.POSTGRES));
                if (target.rows() != postgresRows) {
                    throw new SQLException(table.name() + ": " + target.rows() + " rows read but PostgreSQL counts "
                            + postgresRows);
                }
                checks.add(new TableCheck(table.name(), h2Rows, postgresRows, source.hex(), target.hex()));
            }
            return checks;
        } catch (SQLException | RuntimeException e) {
            throw failed(e.getMessage(), e);
        }
    }

    /** The tables exactly as the service creates them (it creates them too, if missing, at every start). */
    private static void createSchema(Connection pg) throws SQLException {
        pg.setAutoCommit(true);
        EventSchema schema = EventSchema.builder().build(); // the service's: Axon's default names
        try (PreparedStatement events = PostgresEventTableFactory.INSTANCE.createDomainEventTable(pg, schema);
             PreparedStatement snapshots = PostgresEventTableFactory.INSTANCE.createSnapshotEventTable(pg, schema)) {
            events.execute();
            snapshots.execute();
        }
        new CommandLookups(new JdbcTemplate(new SingleConnectionDataSource(pg, true)), new ObjectMapper())
                .createSchema();
    }

    private RowHash copy(MigratedTable table, Connection h2, Connection pg) throws SQLException {
        long total = count(h2, table.count(Side.H2));
        long started = System.nanoTime();
        RowHash hash = new RowHash();
        pg.setAutoCommit(false);
        try (Statement read = h2.createStatement(); PreparedStatement insert = pg.prepareStatement(table.insert())) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery(table.select(Side.H2))) {
                int batched = 0;
                while (rs.next()) {
                    Object[] values = table.read(rs);
                    hash.add(values);
                    table.bind(insert, values);
                    insert.addBatch();
                    if (++batched == BATCH) {
                        insert.executeBatch();
                        pg.commit();
                        batched = 0;
                        if (hash.rows() % PROGRESS_EVERY == 0) {
                            out.printf("  %s: %,d of %,d rows%n", table.name(), hash.rows(), total);
                        }
                    }
                }
                if (batched > 0) {
                    insert.executeBatch();
                    pg.commit();
                }
            }
        } catch (SQLException e) {
            pg.rollback();
            throw e;
        } finally {
            pg.setAutoCommit(true);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        out.printf("  copied %-20s %,10d rows in %,d ms%n", table.name(), hash.rows(), millis);
        return hash;
    }

    /** New events continue after the highest migrated global index (the column's sequence would start at 1). */
    private static void advanceGlobalIndex(Connection pg) throws SQLException {
        try (Statement s = pg.createStatement()) {
            s.execute("SELECT setval(pg_get_serial_sequence('domainevententry', 'globalindex'), "
                    + "(SELECT max(globalindex) FROM domainevententry)) WHERE EXISTS (SELECT 1 FROM domainevententry)");
        }
    }

    private static RowHash hash(MigratedTable table, Connection pg) throws SQLException {
        RowHash hash = new RowHash();
        pg.setAutoCommit(false); // PgJDBC streams with a cursor only inside a transaction
        try (Statement read = pg.createStatement()) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery(table.select(Side.POSTGRES))) {
                while (rs.next()) {
                    hash.add(table.read(rs));
                }
            }
        } finally {
            pg.commit();
            pg.setAutoCommit(true);
        }
        return hash;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void printChecks(List<TableCheck> checks) {
        out.println("Comparison (rows in key order, SHA-256 over every column):");
        for (TableCheck check : checks) {
            out.printf("  %-20s H2         %,10d rows  sha256 %s%n", check.table(), check.h2Rows(), check.h2Sha256());
            out.printf("  %-20s PostgreSQL %,10d rows  sha256 %s  %s%n", "", check.postgresRows(),
                    check.postgresSha256(), check.equal() ? "equal" : "DIFFERENT");
        }
    }

    private MigrationException failed(String what, Throwable cause) {
        return new MigrationException("the migration failed: " + what + ". Nothing was renamed: "
                + dataDir.resolve(H2_FILE) + " is unchanged and the service still refuses to start on " + dataDir
                + ". The target may hold part of the rows: " + resetAdvice() + ", then run the migration again "
                + "(./mdg migrate-h2).", cause);
    }

    // ------------------------------------------------------------------------------------------- the H2 file

    private Path keepH2File(Path h2File) {
        String base = H2_FILE + ".migrated-" + LocalDate.now(ZoneOffset.UTC);
        Path keptAs = dataDir.resolve(base);
        for (int n = 2; Files.exists(keptAs); n++) {
            keptAs = dataDir.resolve(base + "-" + n);
        }
        try {
            Files.move(h2File, keptAs, StandardCopyOption.ATOMIC_MOVE);
            return keptAs;
        } catch (IOException e) {
            throw new MigrationException("every row is in " + targetName() + " and verified, but " + h2File
                    + " could not be renamed (" + e + "): rename it yourself (mv " + h2File + " " + keptAs
                    + ") so that the service starts on " + dataDir + ". Do not run the migration again.", e);
        }
    }

    private Optional<Path> alreadyMigrated() {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(H2_FILE + ".migrated-")).sorted()
                    .reduce((first, second) -> second);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String redacted(String url) {
        return url.replaceAll("(?i)password=[^&]*", "password=***");
    }

    /** Without Spring Boot's logging set-up, Logback would print everything at DEBUG. */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
            logback.getLogger("io.mdg").setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }
}
