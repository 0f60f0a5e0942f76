package io.mdg.query.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The memory adapter's own tables (the behaviour both adapters share is in {@link DuplicateCandidateQueriesContract}). */
class MemorySupplierBlocksTest {

    @Test
    void many_blocks_added_and_removed_in_any_order_keep_exactly_their_members() {
        MemorySupplierBlocks blocks = new MemorySupplierBlocks();
        Map<String, List<String>> expected = new HashMap<>();
        Random random = new Random(19);
        for (int step = 0; step < 200_000; step++) {
            String key = "I|TAX_ID|" + random.nextInt(20_000);
            String supplier = "s-" + random.nextInt(3);
            List<String> members = expected.computeIfAbsent(key, k -> new ArrayList<>());
            if (random.nextInt(3) == 0) {
                blocks.remove(key, supplier);
                members.remove(supplier);
            } else {
                blocks.add(key, supplier, 10);
                if (!members.contains(supplier)) {
                    members.add(supplier);
                }
            }
        }
        expected.values().removeIf(List::isEmpty);

        for (Map.Entry<String, List<String>> block : expected.entrySet()) {
            assertThat(blocks.blocks(List.of(block.getKey())))
                    .containsExactly(new SupplierBlocks.Block(block.getValue(), false));
        }
        List<SupplierBlocks.Block> all = new ArrayList<>();
        blocks.forEach(all::add);
        assertThat(all).hasSize(expected.size());
        assertThat(blocks.blocks(List.of("I|TAX_ID|20000", "I|DUNS|1"))).isEmpty();

        blocks.dropAll();
        assertThat(blocks.blocks(expected.keySet())).isEmpty();
    }

    @Test
    void a_block_that_would_grow_past_its_limit_becomes_full_and_stays_full() {
        MemorySupplierBlocks blocks = new MemorySupplierBlocks();
        blocks.add("N|acme", "s-1", 2);
        blocks.add("N|acme", "s-2", 2);
        blocks.add("N|acme", "s-2", 2);
        assertThat(blocks.blocks(List.of("N|acme"))).containsExactly(new SupplierBlocks.Block(List.of("s-1", "s-2"),
                false));

        blocks.add("N|acme", "s-3", 2);
        blocks.remove("N|acme", "s-1");
        blocks.add("N|acme", "s-4", 2);

        assertThat(blocks.blocks(List.of("N|acme"))).containsExactly(new SupplierBlocks.Block(List.of(), true));
    }
}
