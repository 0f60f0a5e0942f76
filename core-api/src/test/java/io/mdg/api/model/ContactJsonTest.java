package io.mdg.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A contact as plain JSON (read models that store it as it is): the previous release's shape loads, an erased
 * contact stays erased, and "not erased" has one form (null), so that equal contacts compare equal however stored.
 */
class ContactJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void contacts_round_trip_and_an_erased_one_stays_erased() throws Exception {
        Contact kim = new Contact("Kim", "sales", "kim@acme.test", null, "p-1", null);
        assertThat(json.readValue(json.writeValueAsString(kim), Contact.class)).isEqualTo(kim);
        Contact erased = Contact.erased("p-1");
        String stored = json.writeValueAsString(erased);
        assertThat(stored).contains("\"erased\":true");
        assertThat(json.readValue(stored, Contact.class)).isEqualTo(erased);
        assertThat(json.readValue(stored, Contact.class).wasErased()).isTrue();
        assertThat(new Contact("Kim", null, null, null, "p-1", false)).isEqualTo(
                new Contact("Kim", null, null, null, "p-1", null));
    }

    @Test
    void a_contact_of_the_previous_release_loads_without_person_id() throws Exception {
        Contact old = json.readValue("{\"name\":\"Kim\",\"role\":\"sales\",\"email\":\"kim@acme.test\","
                + "\"phone\":null}", Contact.class);
        assertThat(old).isEqualTo(new Contact("Kim", "sales", "kim@acme.test", null));
        assertThat(old.personId()).isNull();
        assertThat(old.wasErased()).isFalse();
    }
}
