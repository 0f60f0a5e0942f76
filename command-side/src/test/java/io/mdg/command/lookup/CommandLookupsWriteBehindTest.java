package io.mdg.command.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.Identifier;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.command.groupcommit.WriteBehind;
import io.mdg.postgres.PostgresPerClass;

/**
 * The lookup tables in a group's transaction that writes behind: what the group holds back is read by its later
 * commands, written with the commit, and a clash found then fails the commit with a conflict.
 */
class CommandLookupsWriteBehindTest {

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();
    private static DataSource dataSource;
    private CommandLookups lookups;
    private TransactionTemplate transaction;

    @BeforeAll
    static void useItsDataSource() {
        dataSource = postgres.dataSource();
    }

    @BeforeEach
    void setUp() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP TABLE IF EXISTS mdg_source_xref, mdg_record, mdg_identifier, mdg_record_ref");
        lookups = new CommandLookups(jdbc, new ObjectMapper().findAndRegisterModules());
        lookups.createSchema();
        transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    }

    private static SupplierAttributes supplier(String name, String taxId) {
        return new SupplierAttributes(name, null, taxId, null, null, null, null, null, null, null);
    }

    private static SourceRef erp(String id) {
        return new SourceRef(SourceSystem.ERP, id, 1L);
    }

    /** Rows of a table as another connection sees them (committed only). */
    private static int committedRows(String table) throws Exception {
        try (Connection other = dataSource.getConnection();
             ResultSet rs = other.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void rows_held_back_are_read_by_the_same_transaction_and_written_with_its_commit() {
        Identifier taxId = new Identifier("TAX_ID", "DE123456789");
        transaction.executeWithoutResult(status -> {
            WriteBehind.enable();
            lookups.insertRecord("g-1", EntityType.SUPPLIER, supplier("Acme", "DE123456789"));
            lookups.linkSource(EntityType.SUPPLIER, erp("S-1"), "g-1");

            assertThat(lookups.findBySource(EntityType.SUPPLIER, erp("S-1"))).contains("g-1");
            assertThat(lookups.findByIdentifier(EntityType.SUPPLIER, taxId)).contains("g-1");
            CommandLookups.Owners owners = lookups.owners(EntityType.SUPPLIER, erp("S-1"), List.of(taxId));
            assertThat(owners.bySource()).contains("g-1");
            assertThat(owners.byIdentifier()).containsEntry(taxId, Optional.of("g-1"));
            assertThat(lookups.find("g-1")).hasValueSatisfying(facts -> assertThat(facts.type())
                    .isEqualTo(EntityType.SUPPLIER));
            try {
                assertThat(committedRows("mdg_record") + committedRows("mdg_identifier")
                        + committedRows("mdg_source_xref")).as("nothing written before the commit").isZero();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        transaction.executeWithoutResult(status -> {
            assertThat(lookups.findBySource(EntityType.SUPPLIER, erp("S-1"))).contains("g-1");
            assertThat(lookups.findByIdentifier(EntityType.SUPPLIER, taxId)).contains("g-1");
            assertThat(lookups.find("g-1")).isPresent();
        });
    }

    @Test
    void an_identifier_claimed_meanwhile_by_another_record_fails_the_commit_and_keeps_nothing() throws Exception {
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            WriteBehind.enable();
            lookups.insertRecord("g-2", EntityType.SUPPLIER, supplier("Beta", "DE222222222"));
            lookups.linkSource(EntityType.SUPPLIER, erp("S-2"), "g-2");
            // another node claims the same identifier and commits first
            try (Connection other = dataSource.getConnection()) {
                other.createStatement().executeUpdate("INSERT INTO mdg_identifier (entity_type, kind, id_value, "
                        + "record_id) VALUES ('SUPPLIER', 'TAX_ID', 'DE222222222', 'g-other')");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).isInstanceOf(DuplicateIdentifierException.class).hasMessageContaining("TAX_ID");
        assertThat(committedRows("mdg_record")).isZero();
        assertThat(committedRows("mdg_source_xref")).isZero();
        assertThat(committedRows("mdg_identifier")).as("only the other node's").isEqualTo(1);
    }

    @Test
    void a_second_claim_of_an_identifier_or_source_record_in_one_group_fails_at_once() {
        transaction.executeWithoutResult(status -> {
            WriteBehind.enable();
            lookups.insertRecord("g-3", EntityType.SUPPLIER, supplier("Gamma", "DE333333333"));
            assertThatThrownBy(() -> lookups.insertRecord("g-4", EntityType.SUPPLIER,
                    supplier("Gamma twin", "DE333333333"))).isInstanceOf(DuplicateIdentifierException.class);
            lookups.linkSource(EntityType.SUPPLIER, erp("S-3"), "g-4");
            assertThatThrownBy(() -> lookups.linkSource(EntityType.SUPPLIER, erp("S-3"), "g-3"))
                    .isInstanceOf(DuplicateIdentifierException.class);
            status.setRollbackOnly();
        });
    }

    @Test
    void a_change_after_a_held_back_insert_writes_the_insert_first() throws Exception {
        transaction.executeWithoutResult(status -> {
            WriteBehind.enable();
            lookups.insertRecord("g-5", EntityType.SUPPLIER, supplier("Delta", "DE555555555"));
            lookups.updateAttributes("g-5", supplier("Delta", "DE555555555"), supplier("Delta AG", "DE555555556"));
        });
        assertThat(lookups.findByIdentifier(EntityType.SUPPLIER, new Identifier("TAX_ID", "DE555555556")))
                .contains("g-5");
        assertThat(lookups.findByIdentifier(EntityType.SUPPLIER, new Identifier("TAX_ID", "DE555555555"))).isEmpty();
        assertThat(lookups.find("g-5").orElseThrow().attributes()).isEqualTo(supplier("Delta AG", "DE555555556"));
    }
}
