package io.mdg.rules.record;

import static io.mdg.api.model.LocationType.DEPARTMENT;
import static io.mdg.api.model.LocationType.FACILITY;
import static io.mdg.api.model.LocationType.HOSPITAL_CAMPUS;
import static io.mdg.api.model.LocationType.NETWORK;
import static io.mdg.api.model.LocationType.PAR_LOCATION;
import static io.mdg.api.model.LocationType.STOREROOM;
import static io.mdg.rules.record.Fixtures.codes;
import static io.mdg.rules.record.Fixtures.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.Address;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.Ref;

class LocationRulesTest {

    private final InMemoryLookup lookup = new InMemoryLookup()
            .with("net", location("Network", NETWORK, null))
            .with("campus", location("North Campus", HOSPITAL_CAMPUS, "net"))
            .with("fac", location("Main Hospital", FACILITY, "campus"))
            .with("dept", location("Surgery", DEPARTMENT, "fac"))
            .with("store", location("OR Storeroom", STOREROOM, "dept"));

    private List<String> record(String id, LocationAttributes location) {
        return codes(RecordRules.checkRecord(id, location, false, lookup));
    }

    @Test
    void a_new_location_needs_a_name_and_a_type() {
        var empty = new LocationAttributes(null, null, null, null, null, null, null, null, null);

        assertThat(codes(RecordRules.checkRecord("x", empty, true, lookup)))
                .containsExactly("name=REQUIRED", "locationType=REQUIRED");
    }

    @Test
    void a_location_under_a_higher_level_is_accepted() {
        assertThat(record("new", location("ICU", DEPARTMENT, "fac"))).isEmpty();
        assertThat(record("new", location("Par 1", PAR_LOCATION, "dept"))).isEmpty();
        assertThat(record("new", location("Clinic", FACILITY, "net"))).isEmpty();
        assertThat(record("new", location("Network", NETWORK, null))).isEmpty();
    }

    @Test
    void a_network_has_no_parent() {
        assertThat(record("new", location("Sub-network", NETWORK, "net"))).containsExactly("parent=PARENT_NOT_ALLOWED");
    }

    @Test
    void every_other_type_needs_a_parent() {
        for (LocationType type : List.of(HOSPITAL_CAMPUS, FACILITY, DEPARTMENT, STOREROOM, PAR_LOCATION)) {
            assertThat(record("new", location("Orphan", type, null))).as(type.name())
                    .containsExactly("parent=PARENT_REQUIRED");
        }
    }

    @Test
    void the_parent_must_be_higher_in_the_tree() {
        assertThat(record("new", location("Ward", DEPARTMENT, "dept"))).containsExactly("parent=PARENT_TYPE");
        assertThat(record("new", location("Par 2", PAR_LOCATION, "store"))).containsExactly("parent=PARENT_TYPE");
        assertThat(record("new", location("Campus 2", HOSPITAL_CAMPUS, "fac"))).containsExactly("parent=PARENT_TYPE");
    }

    @Test
    void the_parent_must_exist_be_a_location_and_not_be_retired() {
        lookup.with("old", LifecycleStatus.RETIRED, location("Old wing", FACILITY, "campus"));
        lookup.with("sup-1", Fixtures.supplier());

        assertThat(record("new", location("Ward", DEPARTMENT, "nowhere"))).containsExactly("parent=REFERENCE_NOT_FOUND");
        assertThat(record("new", location("Ward", DEPARTMENT, "sup-1"))).containsExactly("parent=REFERENCE_WRONG_TYPE");
        assertThat(record("new", location("Ward", DEPARTMENT, "old"))).containsExactly("parent=REFERENCE_RETIRED");
    }

    @Test
    void an_unresolved_parent_is_refused() {
        var location = new LocationAttributes("Ward", DEPARTMENT, Ref.bySource("INV-9"), null, null, null, null,
                null, null);

        assertThat(record("new", location)).containsExactly("parent=REFERENCE_UNRESOLVED");
    }

    @Test
    void a_location_cannot_be_its_own_parent() {
        assertThat(record("dept", location("Surgery", DEPARTMENT, "dept"))).contains("parent=LOCATION_CYCLE");
    }

    @Test
    void a_location_cannot_move_under_its_own_descendant() {
        // with a mis-typed tree (types alone would not prevent it): a facility moved under its own storeroom chain
        lookup.with("a", location("A", FACILITY, "c"));
        lookup.with("b", location("B", DEPARTMENT, "a"));
        lookup.with("c", location("C", HOSPITAL_CAMPUS, "b"));

        assertThat(record("a", location("A", FACILITY, "c"))).contains("parent=LOCATION_CYCLE");
        assertThat(record("fac", location("Main Hospital", FACILITY, "dept"))).contains("parent=LOCATION_CYCLE");
    }

    @Test
    void a_cycle_above_the_parent_is_reported() {
        lookup.with("p", location("P", HOSPITAL_CAMPUS, "q"));
        lookup.with("q", location("Q", NETWORK, "p"));

        assertThat(record("new", location("F", FACILITY, "p"))).containsExactly("parent=LOCATION_CYCLE");
    }

    @Test
    void identifiers_and_address_values_are_checked() {
        var location = new LocationAttributes("OR 3", DEPARTMENT, Ref.to("fac"), "8904000210037", "1A2B3C4D5",
                new Address("1 Main St", null, "Boston", "MA", "02139", "US"), "CC-1", null, null);
        var bad = new LocationAttributes("OR 3", DEPARTMENT, Ref.to("fac"), "8904000210030", "1A2B3C4D",
                new Address("1 Main St", null, "Boston", "MA", "0213", "US"), " ", null, null);

        assertThat(RecordRules.checkValues(location)).isEmpty();
        assertThat(codes(RecordRules.checkValues(bad))).containsExactly("gln=GLN_CHECK_DIGIT", "hin=HIN_FORMAT",
                "address.postalCode=POSTAL_CODE_FORMAT", "costCentre=BLANK");
    }
}
