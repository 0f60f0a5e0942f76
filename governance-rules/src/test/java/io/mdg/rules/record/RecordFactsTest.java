package io.mdg.rules.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;

class RecordFactsTest {

    @Test
    void facts_hold_attributes_of_their_own_type() {
        var facts = new RecordFacts("sup-1", EntityType.SUPPLIER, LifecycleStatus.ACTIVE, Fixtures.supplier());

        assertThat(facts.attributes().entityType()).isEqualTo(EntityType.SUPPLIER);
    }

    @Test
    void facts_with_attributes_of_another_type_are_refused() {
        assertThatThrownBy(() -> new RecordFacts("x", EntityType.ITEM, LifecycleStatus.ACTIVE, Fixtures.supplier()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ITEM");
    }

    @Test
    void the_empty_lookup_knows_nothing() {
        assertThat(ReferenceLookup.none().find("x")).isEmpty();
        assertThat(ReferenceLookup.none().referencing("x")).isEmpty();
    }
}
