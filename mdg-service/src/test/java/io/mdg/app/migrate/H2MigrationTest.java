package io.mdg.app.migrate;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.FindChangeRequestQuery;
import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.app.ServiceHarness;
import io.mdg.app.migrate.H2Migration.MigrationException;
import io.mdg.app.migrate.H2Migration.Report;
import io.mdg.app.migrate.H2Migration.TableCheck;
import io.mdg.postgres.EmbeddedPostgresServer;

/**
 * A data directory written by the previous release (H2 event store, fixture {@code h2-store-e735c57}: see its
 * README) moves into PostgreSQL with every event, lookup row and deadline, and the service of this release serves
 * it: same golden records, bank account decrypted, the pending change request still pending, new submissions
 * matched against the migrated lookup tables.
 */
class H2MigrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FIXTURE = "/io/mdg/app/migrate/h2-store-e735c57";
    private static final BankAccount ACCOUNT = new BankAccount("Harbor Surgical Supply Inc.", "First Bank",
            "021000021", "9876543210", "DE89370400440532013000", "USD");
    private static final Actor ERP = Actor.client("erp");

    @TempDir
    Path dataDir;
    Properties ids = new Properties();

    @BeforeEach
    void copyTheStoreOfThePreviousRelease() throws Exception {
        copyFixtureH2Store();
        Files.copy(fixture().resolve("event-keys"), dataDir.resolve("event-keys"));
        try (Reader in = Files.newBufferedReader(fixture().resolve("records.properties"))) {
            ids.load(in);
        }
    }

    @Test
    void a_store_of_the_previous_release_moves_into_postgresql_whole_and_the_service_serves_it() throws Exception {
        List<EventRow> eventsInH2 = eventRows(openH2(dataDir.resolve(H2Migration.H2_FILE)));
        List<String> deadlinesInH2 = deadlines(openH2(dataDir.resolve(H2Migration.H2_FILE)));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Report report = H2Migration.run(dataDir, Optional.empty(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(report.tables()).allSatisfy(check -> assertThat(check.equal()).as(check.toString()).isTrue());
        assertThat(report.tables()).extracting(TableCheck::table, TableCheck::h2Rows, TableCheck::postgresRows)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("domainevententry", 15L, 15L),
                        org.assertj.core.groups.Tuple.tuple("snapshotevententry", 0L, 0L),
                        org.assertj.core.groups.Tuple.tuple("mdg_source_xref", 6L, 6L),
                        org.assertj.core.groups.Tuple.tuple("mdg_record", 6L, 6L),
                        org.assertj.core.groups.Tuple.tuple("mdg_identifier", 5L, 5L),
                        org.assertj.core.groups.Tuple.tuple("mdg_record_ref", 4L, 4L),
                        org.assertj.core.groups.Tuple.tuple("scheduled_tasks", 1L, 1L));
        String output = printed.toString(StandardCharsets.UTF_8);
        for (TableCheck check : report.tables()) {
            assertThat(output).containsPattern("(?m)^  " + check.table() + " +H2 +" + check.h2Rows() + " rows  sha256 "
                    + check.h2Sha256() + "$");
            assertThat(output).containsPattern("(?m)^ +PostgreSQL +" + check.postgresRows() + " rows  sha256 "
                    + check.postgresSha256() + "  equal$");
        }
        assertThat(output).doesNotContain("DIFFERENT");

        // the H2 file is kept beside, renamed; the keys stay where they are
        assertThat(dataDir.resolve(H2Migration.H2_FILE)).doesNotExist();
        assertThat(report.keptAs()).isEqualTo(dataDir.resolve(H2Migration.H2_FILE + ".migrated-"
                + LocalDate.now(ZoneOffset.UTC))).exists();
        assertThat(report.keptAs()).hasSameBinaryContentAs(fixture().resolve(H2Migration.H2_FILE));
        assertThat(dataDir.resolve("event-keys")).hasSameBinaryContentAs(fixture().resolve("event-keys"));

        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            JdbcTemplate postgres = new JdbcTemplate(service.bean(DataSource.class));
            try (Connection connection = service.bean(DataSource.class).getConnection()) {
                List<EventRow> rows = eventRows(connection);
                assertThat(rows.subList(0, Math.min(rows.size(), eventsInH2.size()))).isEqualTo(eventsInH2);
                // the first start of this release adopts its rules file as the rules in force: the one event it adds
                assertThat(rows.subList(eventsInH2.size(), rows.size())).extracting(EventRow::payloadType)
                        .containsExactly("io.mdg.api.rules.RulesAdoptedEvent");
            }
            // the previous release's deadline, and this release's recurring retention of contacts' personal data
            assertThat(postgres.queryForList("SELECT task_instance || ' ' || execution_time FROM scheduled_tasks"
                    + " WHERE task_name <> 'contact-retention'", String.class)).hasSize(1);
            assertThat(postgres.queryForList("SELECT task_name FROM scheduled_tasks", String.class))
                    .contains("contact-retention");
            try (Connection connection = service.bean(DataSource.class).getConnection()) {
                assertThat(deadlines(connection)).isEqualTo(deadlinesInH2);
            }

            // the golden records, rebuilt from the migrated events
            // (read after the projection has applied the bank account's approval: the rebuild runs after start)
            SupplierAttributes supplier = (SupplierAttributes) record(service, "supplier.bank",
                    r -> ((SupplierAttributes) r.attributes()).bankAccount() != null).attributes();
            assertThat(supplier.legalName()).isEqualTo("Harbor Surgical Supply Inc.");
            assertThat(supplier.bankAccount()).as("decrypted with the kept event keys").isEqualTo(ACCOUNT);
            ItemAttributes item = (ItemAttributes) record(service, "item", r -> true).attributes();
            assertThat(item.description()).isEqualTo("Nitrile exam glove, medium");
            assertThat(item.manufacturer()).isEqualTo(Ref.to(ids.getProperty("supplier.bank")));
            ContractAttributes contract = (ContractAttributes) record(service, "contract", r -> true).attributes();
            assertThat(contract.contractNumber()).isEqualTo("C-MIG-1");
            assertThat(contract.lines()).singleElement().satisfies(line -> {
                assertThat(line.item()).isEqualTo(Ref.to(ids.getProperty("item")));
                assertThat(line.price()).isEqualByComparingTo(new BigDecimal("12.50"));
            });
            LocationAttributes campus = (LocationAttributes) record(service, "location.campus", r -> true).attributes();
            assertThat(campus.parent()).isEqualTo(Ref.to(ids.getProperty("location.network")));

            // the held bank change: still pending, with its deadline (written by the previous release)
            RecordView pendingSupplier = record(service, "supplier.pending", r -> !r.pendingChanges().isEmpty());
            assertThat(((SupplierAttributes) pendingSupplier.attributes()).bankAccount()).isNull();
            assertThat(pendingSupplier.pendingChanges()).singleElement()
                    .satisfies(p -> assertThat(p.attributes()).containsExactly("bankAccount"));
            ChangeRequestView request = eventually(() -> service.bean(QueryGateway.class).query(
                    new FindChangeRequestQuery(ids.getProperty("supplier.pending.request")),
                    ResponseTypes.optionalInstanceOf(ChangeRequestView.class)).get(), Optional::isPresent, WAIT)
                    .orElseThrow();
            assertThat(request.status()).isEqualTo(ChangeRequestStatus.PENDING);
            assertThat(request.recordId()).isEqualTo(ids.getProperty("supplier.pending"));
            assertThat(request.deadline().atOffset(ZoneOffset.UTC).getYear()).isEqualTo(2126);

            // new submissions meet the migrated lookup tables: matched, never a duplicate
            CommandGateway commands = service.bean(CommandGateway.class);
            SubmissionResult repeated = submit(commands, SourceSystem.ERP, "MIG-ITEM-1", 1L, new ItemAttributes(
                    "Nitrile exam glove, medium", Ref.bySource("MIG-SUP-1"), "MPN-4410", null, null, null, "42132203",
                    ItemClass.MED_SURG, List.of(new PackagingLevel("EA", null, null, "00614141000012"),
                    new PackagingLevel("BX", 100, "EA", null)), false, false, false, null), ERP);
            assertThat(repeated.outcome()).isEqualTo(SubmissionOutcome.UNCHANGED);
            assertThat(repeated.goldenId()).isEqualTo(ids.getProperty("item"));

            SubmissionResult updated = submit(commands, SourceSystem.ERP, "MIG-SUP-1", 2L, new SupplierAttributes(
                    null, List.of("Harbor Surgical", "HSS"), null, null, null, null, null, null, null, null), ERP);
            assertThat(updated.outcome()).isEqualTo(SubmissionOutcome.UPDATED);
            assertThat(updated.goldenId()).isEqualTo(ids.getProperty("supplier.bank"));
            // the previous release stored one aggregate type per entity type (Supplier, Item, ...); this release's
            // single golden-record aggregate loads those streams and continues them
            assertThat(postgres.queryForList("SELECT DISTINCT type FROM domainevententry WHERE aggregateidentifier = ?",
                    String.class, ids.getProperty("supplier.bank"))).containsExactlyInAnyOrder("Supplier",
                    "GovernedRecord");

            SubmissionResult byTaxId = submit(commands, SourceSystem.SUPPLIER_PORTAL, "P-MIG-1", 1L,
                    new SupplierAttributes("Harbor Surgical Supply Incorporated", null, "12-3456789", null, null,
                            new Address("1 Main St", null, "Boston", "MA", "02110", "US"), null, null, null,
                            ScreeningStatus.CLEAR), Actor.client("supplier-portal"));
            assertThat(byTaxId.outcome()).isIn(SubmissionOutcome.UPDATED, SubmissionOutcome.UNCHANGED);
            assertThat(byTaxId.goldenId()).as("linked by the migrated identifier").isEqualTo(ids.getProperty("supplier.bank"));

            // new events continue after the migrated global indexes
            assertThat(postgres.queryForObject("SELECT min(globalindex) FROM domainevententry WHERE globalindex > 15",
                    Long.class)).isEqualTo(16L);
            assertThat(postgres.queryForObject("SELECT count(*) FROM domainevententry WHERE globalindex <= 15",
                    Long.class)).isEqualTo(15L);
        }
    }

    @Test
    void a_second_run_is_refused_while_the_target_holds_events() throws Exception {
        Report first = H2Migration.run(dataDir, Optional.empty(), silent());
        copyFixtureH2Store(); // the old file put back: a second run on the same target

        assertThatThrownBy(() -> H2Migration.run(dataDir, Optional.empty(), silent()))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("already holds domainevententry (15 rows)")
                .hasMessageContaining("nothing was copied")
                .hasMessageContaining("was migrated before (its H2 file is kept as " + first.keptAs())
                .hasMessageContaining("do not remove the target");

        assertThat(dataDir.resolve(H2Migration.H2_FILE)).exists();
        assertThat(first.keptAs()).exists();
        try (Stream<Path> kept = Files.list(dataDir)) {
            assertThat(kept.filter(f -> f.getFileName().toString().contains(".migrated-"))).hasSize(1);
        }
    }

    @Test
    void a_failed_copy_renames_nothing_keeps_the_service_refusing_and_a_run_on_a_removed_target_succeeds()
            throws Exception {
        // a target whose lookup table cannot take the rows: the copy fails after the events were committed
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
             Connection connection = new org.postgresql.Driver().connect(server.jdbcUrl(), credentials(server));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE mdg_record (record_id VARCHAR(64) PRIMARY KEY)");
        }

        assertThatThrownBy(() -> H2Migration.run(dataDir, Optional.empty(), silent()))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("the migration failed")
                .hasMessageContaining("Nothing was renamed")
                .hasMessageContaining("rm -rf " + dataDir.resolve("postgres"));
        assertThat(dataDir.resolve(H2Migration.H2_FILE)).hasSameBinaryContentAs(fixture().resolve(H2Migration.H2_FILE));
        assertThatThrownBy(() -> ServiceHarness.start(dataDir, Map.of()).close())
                .hasStackTraceContaining("./mdg migrate-h2");

        assertThatThrownBy(() -> H2Migration.run(dataDir, Optional.empty(), silent()))
                .as("the events committed before the failure stay until the target is removed")
                .hasMessageContaining("already holds domainevententry (15 rows)")
                .hasMessageContaining("rm -rf " + dataDir.resolve("postgres"));

        deleteRecursively(dataDir.resolve("postgres"));
        Report report = H2Migration.run(dataDir, Optional.empty(), silent());
        assertThat(report.tables()).allMatch(TableCheck::equal);
        assertThat(report.table("domainevententry").orElseThrow().postgresRows()).isEqualTo(15);
        assertThat(dataDir.resolve(H2Migration.H2_FILE)).doesNotExist();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** An event row as stored, payload and metadata by their SHA-256. */
    record EventRow(long globalIndex, String eventId, String aggregateId, long sequenceNumber, String type,
                    String timestamp, String payloadType, String payloadRevision, String payload, String metadata) {
    }

    private static List<EventRow> eventRows(Connection connection) throws SQLException {
        try (connection; Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT globalIndex, eventIdentifier, aggregateIdentifier, sequenceNumber, type, timeStamp, "
                        + "payloadType, payloadRevision, payload, metaData FROM DomainEventEntry ORDER BY globalIndex")) {
            List<EventRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new EventRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), sha256(rs.getBytes(9)),
                        sha256(rs.getBytes(10))));
            }
            return rows;
        }
    }

    /** The scheduled deadlines, without this release's recurring retention of contacts' personal data. */
    private static List<String> deadlines(Connection connection) throws SQLException {
        try (connection; Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT task_name, task_instance, task_data, execution_time, picked, version FROM scheduled_tasks "
                        + "WHERE task_name <> 'contact-retention' ORDER BY task_instance")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + sha256(rs.getBytes(3)) + " "
                        + rs.getObject(4, OffsetDateTime.class).toInstant() + " " + rs.getBoolean(5) + " "
                        + rs.getLong(6));
            }
            return rows;
        }
    }

    private RecordView record(ServiceHarness service, String idName, Predicate<RecordView> condition)
            throws Exception {
        String id = ids.getProperty(idName);
        return eventually(() -> service.bean(QueryGateway.class).query(new FindRecordQuery(null, id),
                ResponseTypes.optionalInstanceOf(RecordView.class)).get(), r -> r.isPresent() && condition.test(r.get()),
                WAIT).orElseThrow();
    }

    private static SubmissionResult submit(CommandGateway commands, SourceSystem system, String sourceId, long version,
                                           MasterAttributes attributes, Actor actor) {
        return commands.sendAndWait(new SubmitRecordCommand(new SourceRef(system, sourceId, version), attributes, actor));
    }

    private void copyFixtureH2Store() throws IOException, URISyntaxException {
        Files.copy(fixture().resolve(H2Migration.H2_FILE), dataDir.resolve(H2Migration.H2_FILE));
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(H2MigrationTest.class.getResource(FIXTURE).toURI());
    }

    private static Connection openH2(Path file) throws SQLException {
        String path = file.toString();
        Properties credentials = new Properties();
        credentials.setProperty("user", "sa");
        credentials.setProperty("password", "");
        return new org.h2.Driver().connect("jdbc:h2:file:" + path.substring(0, path.length() - ".mv.db".length())
                + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE", credentials);
    }

    private static Properties credentials(EmbeddedPostgresServer server) {
        Properties credentials = new Properties();
        credentials.setProperty("user", server.user());
        credentials.setProperty("password", "");
        return credentials;
    }

    private static PrintStream silent() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
