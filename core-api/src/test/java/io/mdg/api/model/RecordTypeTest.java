package io.mdg.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;

/** Every entity type has its record type, whose attribute record is of that type and whose names are distinct. */
class RecordTypeTest {

    @Test
    void every_entity_type_has_a_record_type_with_its_own_attribute_record_and_names() {
        assertThat(RecordType.all()).extracting(RecordType::type).containsExactly(EntityType.values());
        for (EntityType type : EntityType.values()) {
            RecordType recordType = RecordType.of(type);
            assertThat(recordType.type()).isEqualTo(type);
            assertThat(Attributes.empty(type)).isInstanceOf(recordType.attributes());
            assertThat(Attributes.empty(type).entityType()).isEqualTo(type);
        }
        assertThat(RecordType.all()).extracting(RecordType::name).doesNotHaveDuplicates()
                .containsExactly(Arrays.stream(EntityType.values()).map(t -> t.name().charAt(0)
                        + t.name().substring(1).toLowerCase()).toArray(String[]::new));
        assertThat(RecordType.all()).extracting(RecordType::plural).doesNotHaveDuplicates()
                .allSatisfy(plural -> assertThat(plural).endsWith("s"));
    }
}
