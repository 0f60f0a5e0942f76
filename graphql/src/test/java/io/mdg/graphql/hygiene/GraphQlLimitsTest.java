package io.mdg.graphql.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class GraphQlLimitsTest {

    @Test
    void the_defaults_are_those_documented() {
        GraphQlLimits limits = GraphQlLimits.defaults();
        assertThat(limits.maxComplexity()).isEqualTo(10_000);
        assertThat(limits.maxResponseSize()).isEqualTo(DataSize.ofMegabytes(2));
        assertThat(limits.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.perCaller().costPerSecond()).isEqualTo(200_000);
        assertThat(limits.perCaller().burst()).isEqualTo(400_000);
        assertThat(limits.perCaller().maxConcurrent()).isEqualTo(4);
        assertThat(limits.perCaller().maxQueued()).isEqualTo(32);
        assertThat(limits.submissions().perSecond()).isEqualTo(5_000);
        assertThat(limits.submissions().burst()).isEqualTo(10_000);
        assertThat(limits.submissions().inFlight()).isEqualTo(256);
    }

    @Test
    void unpaged_lists_count_their_declared_size_a_configured_one_or_the_default() {
        GraphQlLimits limits = new GraphQlLimits(null, null, null, null, null, null, null, 7,
                Map.of("Contract.lines", 50), null, null);
        assertThat(limits.listSize("Contract", "lines")).isEqualTo(50);
        assertThat(limits.listSize("Item", "packaging")).isEqualTo(4);
        assertThat(limits.listSize("Supplier", "sourceRefs")).isEqualTo(7);
    }

    @Test
    void the_lists_of_a_connection_are_its_page_which_first_counts_already() {
        assertThat(GraphQlLimits.defaults().listSize("SupplierPage", "edges")).isEqualTo(1);
        assertThat(GraphQlLimits.defaults().listSize("ChangeRequestConnection", "edges")).isEqualTo(1);
    }
}
