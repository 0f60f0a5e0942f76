package io.mdg.graphql.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;

/** The canonical form of a mutation's input: the same request however written, another request another hash. */
class CanonicalInputTest {

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void the_order_of_fields_does_not_change_the_hash() {
        Map<String, Object> a = map("input", map("sourceId", "V-1", "legalName", "Acme",
                "address", map("city", "Boston", "country", "US")));
        Map<String, Object> b = map("input", map("address", map("country", "US", "city", "Boston"),
                "legalName", "Acme", "sourceId", "V-1"));
        assertThat(CanonicalInput.hash("submitSupplier", a)).isEqualTo(CanonicalInput.hash("submitSupplier", b));
        assertThat(CanonicalInput.text("submitSupplier", b))
                .isEqualTo("{\"arguments\":{\"input\":{\"address\":{\"city\":\"Boston\",\"country\":\"US\"},"
                        + "\"legalName\":\"Acme\",\"sourceId\":\"V-1\"}},\"operation\":\"submitSupplier\"}");
    }

    @Test
    void a_field_left_out_and_a_field_sent_as_null_are_the_same() {
        Map<String, Object> withNull = new HashMap<>(map("sourceId", "V-1"));
        withNull.put("duns", null);
        assertThat(CanonicalInput.hash("submitSupplier", map("input", withNull)))
                .isEqualTo(CanonicalInput.hash("submitSupplier", map("input", map("sourceId", "V-1"))));
    }

    @Test
    void numbers_are_compared_by_value() {
        assertThat(CanonicalInput.hash("m", map("price", new BigDecimal("1.50"), "quantity", 10L)))
                .isEqualTo(CanonicalInput.hash("m", map("price", new BigDecimal("1.5"), "quantity", 10)));
        assertThat(CanonicalInput.hash("m", map("quantity", new BigDecimal("1E+1"))))
                .isEqualTo(CanonicalInput.hash("m", map("quantity", 10)));
    }

    @Test
    void the_idempotency_key_is_not_part_of_the_input() {
        assertThat(CanonicalInput.hash("m", map("input", map("sourceId", "V-1", "idempotencyKey", "k-1"))))
                .isEqualTo(CanonicalInput.hash("m", map("input", map("sourceId", "V-1", "idempotencyKey", "k-2"))));
    }

    @Test
    void another_value_another_operation_or_another_list_order_is_another_input() {
        String hash = CanonicalInput.hash("submitSupplier", map("input", map("sourceId", "V-1", "names",
                List.of("a", "b"))));
        assertThat(CanonicalInput.hash("submitSupplier", map("input", map("sourceId", "V-2", "names",
                List.of("a", "b"))))).isNotEqualTo(hash);
        assertThat(CanonicalInput.hash("submitItem", map("input", map("sourceId", "V-1", "names",
                List.of("a", "b"))))).isNotEqualTo(hash);
        assertThat(CanonicalInput.hash("submitSupplier", map("input", map("sourceId", "V-1", "names",
                List.of("b", "a"))))).isNotEqualTo(hash);
        assertThat(CanonicalInput.hash("m", map("s", "1"))).isNotEqualTo(CanonicalInput.hash("m", map("s", 1)));
    }

    record Line(String item, BigDecimal price, LocalDate from, EntityType type, String idempotencyKey) {
    }

    @Test
    void a_bound_input_hashes_as_the_map_it_was_bound_from() {
        Line bound = new Line("I-1", new BigDecimal("2.50"), LocalDate.of(2026, 3, 1), EntityType.ITEM, "k-9");
        Map<String, Object> raw = map("type", "ITEM", "from", "2026-03-01", "price", new BigDecimal("2.5"),
                "item", "I-1");
        assertThat(CanonicalInput.hash("m", map("input", bound))).isEqualTo(CanonicalInput.hash("m", map("input", raw)));
        assertThat(CanonicalInput.hash("m", map("list", Arrays.asList("a", null))))
                .isNotEqualTo(CanonicalInput.hash("m", map("list", List.of("a", "null"))));
        assertThat(CanonicalInput.hash("m", map("list", Arrays.asList("a", null))))
                .isNotEqualTo(CanonicalInput.hash("m", map("list", List.of("a"))));
    }
}
