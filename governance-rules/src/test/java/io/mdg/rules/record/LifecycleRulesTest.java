package io.mdg.rules.record;

import static io.mdg.api.LifecycleStatus.ACTIVE;
import static io.mdg.api.LifecycleStatus.RETIRED;
import static io.mdg.api.LifecycleStatus.SUSPENDED;
import static io.mdg.rules.record.Fixtures.codes;
import static io.mdg.rules.record.Fixtures.contract;
import static io.mdg.rules.record.Fixtures.line;
import static io.mdg.rules.record.Fixtures.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.ScreeningStatus;

class LifecycleRulesTest {

    private final InMemoryLookup lookup = new InMemoryLookup()
            .with("sup-1", Fixtures.supplier())
            .with("sup-free", Fixtures.supplier("Free Inc", ScreeningStatus.CLEAR))
            .with("sup-x", SUSPENDED, Fixtures.supplier("Shady Inc", ScreeningStatus.EXCLUDED))
            .with("item-1", Fixtures.item())
            .with("item-free", Fixtures.item())
            .with("con-1", contract("sup-1", List.of(line("item-1", "BX", "10"))))
            .with("con-old", SUSPENDED, contract("sup-free", List.of(line("item-free", "BX", "10"))))
            .with("net", location("Network", LocationType.NETWORK, null))
            .with("fac", location("Hospital", LocationType.FACILITY, "net"))
            .with("fac-2", location("Clinic", LocationType.FACILITY, "net"))
            .with("dept", SUSPENDED, location("Old dept", LocationType.DEPARTMENT, "fac-2"));

    private List<String> change(String id, LifecycleStatus target) {
        return codes(LifecycleRules.check(lookup.get(id), target, lookup));
    }

    @Test
    void suspending_and_reactivating_is_accepted() {
        assertThat(change("sup-1", SUSPENDED)).isEmpty();
        assertThat(change("con-old", ACTIVE)).isEmpty();
    }

    @Test
    void a_retired_record_cannot_change_status() {
        lookup.with("gone", RETIRED, Fixtures.item());

        assertThat(change("gone", ACTIVE)).containsExactly("status=RECORD_RETIRED");
        assertThat(change("gone", SUSPENDED)).containsExactly("status=RECORD_RETIRED");
        assertThat(change("gone", RETIRED)).containsExactly("status=RECORD_RETIRED");
    }

    @Test
    void a_change_to_the_same_status_is_refused() {
        assertThat(change("sup-1", ACTIVE)).containsExactly("status=NO_CHANGE");
    }

    @Test
    void an_excluded_supplier_cannot_be_activated() {
        assertThat(change("sup-x", ACTIVE)).containsExactly("status=SUPPLIER_EXCLUDED");
        assertThat(change("sup-x", RETIRED)).isEmpty();
    }

    @Test
    void a_supplier_with_active_contracts_cannot_be_retired() {
        List<io.mdg.rules.Violation> violations = LifecycleRules.check(lookup.get("sup-1"), RETIRED, lookup);

        assertThat(codes(violations)).containsExactly("status=HAS_ACTIVE_CONTRACTS");
        assertThat(violations.get(0).message()).contains("con-1");
    }

    @Test
    void a_supplier_whose_contracts_are_not_active_can_be_retired() {
        assertThat(change("sup-free", RETIRED)).isEmpty();
    }

    @Test
    void an_item_with_active_contracts_cannot_be_retired() {
        assertThat(change("item-1", RETIRED)).containsExactly("status=HAS_ACTIVE_CONTRACTS");
        assertThat(change("item-free", RETIRED)).isEmpty();
    }

    @Test
    void a_location_with_active_children_cannot_be_retired() {
        assertThat(change("net", RETIRED)).containsExactly("status=HAS_ACTIVE_CHILDREN");
        assertThat(change("fac-2", RETIRED)).isEmpty();
    }

    @Test
    void a_location_cannot_be_activated_under_a_retired_parent() {
        lookup.with("fac-2", RETIRED, location("Clinic", LocationType.FACILITY, "net"));

        assertThat(change("dept", ACTIVE)).containsExactly("status=REFERENCE_RETIRED");
    }

    @Test
    void a_contract_cannot_be_activated_while_its_supplier_is_not_active_or_excluded() {
        lookup.with("con-x", SUSPENDED, contract("sup-x", List.of()));
        lookup.with("sup-free", SUSPENDED, Fixtures.supplier("Free Inc", ScreeningStatus.CLEAR));

        assertThat(change("con-x", ACTIVE)).containsExactly("status=SUPPLIER_EXCLUDED", "status=SUPPLIER_NOT_ACTIVE");
        assertThat(change("con-old", ACTIVE)).containsExactly("status=SUPPLIER_NOT_ACTIVE");
    }
}
