package io.mdg.graphql.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.model.PackagingLevel;

class PackagingLevelNodeTest {

    @Test
    void the_conversion_factor_is_the_product_of_the_quantities_down_to_the_base_unit() {
        List<PackagingLevelNode> levels = PackagingLevelNode.of(List.of(new PackagingLevel("CS", 4, "BX", null),
                new PackagingLevel("BX", 10, "EA", null), new PackagingLevel("EA", null, null, "00012345678905")));

        assertThat(levels).extracting(PackagingLevelNode::conversionFactor).containsExactly(40, 10, 1);
    }

    @Test
    void a_broken_or_cyclic_hierarchy_has_no_conversion_factor() {
        List<PackagingLevelNode> levels = PackagingLevelNode.of(List.of(new PackagingLevel("A", 2, "B", null),
                new PackagingLevel("B", 3, "A", null), new PackagingLevel("C", null, "EA", null),
                new PackagingLevel("D", 5, "NOPE", null), new PackagingLevel("EA", null, null, null),
                new PackagingLevel("BIG", 100_000, "BIG2", null), new PackagingLevel("BIG2", 100_000, "EA", null)));

        assertThat(levels).extracting(PackagingLevelNode::conversionFactor)
                .containsExactly(null, null, null, null, 1, null, 100_000);
    }
}
