package io.mdg.app.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.model.Contact;
import io.mdg.app.crypto.FieldEncryption;
import io.mdg.postgres.EmbeddedPostgresServer;
import io.mdg.query.crypto.ContactSealing;

/** The key per person: sealing, matching a person within its supplier, and crypto-shredding by erasing the key. */
class PersonKeysTest {

    @TempDir
    static Path dir;
    private static EmbeddedPostgresServer postgres;
    private static DriverManagerDataSource dataSource;
    private static final FieldEncryption RING = FieldEncryption.parse(FieldEncryption.newKey("k1"));

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.start(dir.resolve("pg"));
        dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.user(), "");
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private static PersonKeys keys() {
        return new PersonKeys(dataSource, RING, Clock.systemUTC());
    }

    @Test
    void a_contact_is_sealed_under_its_persons_key_and_unreadable_once_the_key_is_erased() {
        PersonKeys keys = keys();
        String person = keys.personId("s-1", new Contact("Ann Lee", "Sales", "ann@acme.test", "555-0100"));
        String sealed = keys.seal(person, "Ann Lee ann@acme.test");
        assertThat(sealed).startsWith("pii:v1:" + person + ":").doesNotContain("Ann", "acme");
        assertThat(keys.open(sealed)).contains("Ann Lee ann@acme.test");

        byte[] wrapped = new JdbcTemplate(dataSource).queryForObject(
                "SELECT wrapped_key FROM mdg_person_keys WHERE person_id = ?", byte[].class, person);
        assertThat(wrapped).isNotNull();

        assertThat(keys.erase(person)).isTrue();
        assertThat(keys.open(sealed)).isEmpty();
        // another process (no cache) cannot open it either: the key is gone from the table
        assertThat(keys().open(sealed)).isEmpty();
        assertThat(new JdbcTemplate(dataSource).queryForList("SELECT wrapped_key FROM mdg_person_keys "
                + "WHERE person_id = ?", byte[].class, person)).containsExactly((byte[]) null);
        assertThatThrownBy(() -> keys.seal(person, "again")).hasMessageContaining("has no key");
        assertThat(keys.erase(person)).isFalse();
        // a person this database never had is an error, never silently "erased"
        assertThatThrownBy(() -> keys.open("pii:v1:p-unknown:AAAA")).hasMessageContaining("no key of person");
    }

    @Test
    void the_same_person_is_matched_by_email_within_a_supplier_and_is_new_after_erasure() {
        PersonKeys keys = keys();
        String first = keys.personId("s-2", new Contact("Bo Ray", "Sales", "Bo@Acme.test ", null));
        assertThat(keys.personId("s-2", new Contact("Robert Ray", "Recall", "bo@acme.test", "1"))).isEqualTo(first);
        assertThat(keys.personId("s-3", new Contact("Bo Ray", "Sales", "bo@acme.test", null))).isNotEqualTo(first);
        // without an e-mail address: by name
        String byName = keys.personId("s-2", new Contact("Cy  Dee", null, null, null));
        assertThat(keys.personId("s-2", new Contact("cy dee", "Sales", null, null))).isEqualTo(byName);
        assertThat(keys.people("s-2")).containsExactlyInAnyOrder(first, byName);
        assertThat(keys.belongsTo(first, "s-2")).isTrue();
        assertThat(keys.belongsTo(first, "s-3")).isFalse();

        keys.erase(first);
        assertThat(keys.belongsTo(first, "s-2")).isFalse();
        String again = keys.personId("s-2", new Contact("Bo Ray", "Sales", "bo@acme.test", null));
        assertThat(again).isNotEqualTo(first);
        assertThat(keys.people("s-2")).containsExactlyInAnyOrder(again, byName);
    }

    @Test
    void stored_contacts_carry_only_the_person_id_in_clear_and_old_plain_contacts_still_load() throws Exception {
        PersonKeys keys = keys();
        ObjectMapper json = new ObjectMapper().registerModule(new ContactSealing(keys));
        String person = keys.personId("s-4", new Contact("Di Fox", "QA", "di@fox.test", "555-0199"));
        Contact contact = new Contact("Di Fox", "QA", "di@fox.test", "555-0199", person, null);

        String stored = json.writeValueAsString(List.of(contact));
        assertThat(stored).contains(person, "pii:v1:").doesNotContain("Di Fox", "di@fox.test", "555-0199", "QA");
        assertThat(json.readValue(stored, Contact[].class)).containsExactly(contact);

        // a contact of the previous release: plain fields, no person id
        Contact old = json.readValue("{\"name\":\"Ed Gray\",\"role\":\"Sales\",\"email\":\"ed@g.test\","
                + "\"phone\":null}", Contact.class);
        assertThat(old).isEqualTo(new Contact("Ed Gray", "Sales", "ed@g.test", null));
        // a contact without a person id is encrypted with the event key ring
        assertThat(json.writeValueAsString(old)).contains("enc:v1:").doesNotContain("Ed Gray");

        keys.erase(person);
        assertThat(json.readValue(stored, Contact[].class)).containsExactly(Contact.erased(person));
        assertThat(json.readValue(json.writeValueAsString(Contact.erased(person)), Contact.class))
                .isEqualTo(Contact.erased(person));
    }

    @Test
    void a_supplier_registered_by_the_previous_release_loads_with_its_plain_contacts() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .registerModule(new ContactSealing(keys()));
        io.mdg.api.record.RecordRegisteredEvent old = json.readValue("""
                {"recordId":"s-9","type":"SUPPLIER","source":{"system":"ERP","sourceId":"V-9","sourceVersion":1},
                 "attributes":{"@type":"SUPPLIER","legalName":"Acme Medical Inc.","tradingNames":null,"taxId":null,
                  "duns":null,"gln":null,"orderingAddress":null,"remitToAddress":null,"bankAccount":null,
                  "contacts":[{"name":"Fay Hill","role":"Sales","email":"fay@acme.test","phone":"555-0101"}],
                  "screeningStatus":null},
                 "actor":{"type":"CLIENT","name":"erp"}}""", io.mdg.api.record.RecordRegisteredEvent.class);
        assertThat(((io.mdg.api.model.SupplierAttributes) old.attributes()).contacts())
                .containsExactly(new Contact("Fay Hill", "Sales", "fay@acme.test", "555-0101"));
    }
}
