package io.mdg.query.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.mdg.query.support.TestReadStore;

/**
 * The MongoDB adapter's own bookkeeping (the behaviour both adapters share is in
 * {@link DuplicateCandidateQueriesContract}): it counts the suppliers it adds to a block to mark the block full
 * without reading it, and a processor batch that is rolled back and handled again must give the same blocks as one
 * handled once.
 */
class MongoSupplierBlocksTest {

    private final TestReadStore store = TestReadStore.start();
    private final MongoSupplierBlocks blocks = new MongoSupplierBlocks(store.database());

    @AfterEach
    void close() {
        store.close();
    }

    /** Runs the adds in one processor batch, rolled back at its end when {@code fails}. */
    private void inBatch(boolean fails, Runnable adds) {
        new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("e"))).executeWithResult(() -> {
            adds.run();
            if (fails) {
                throw new IllegalStateException("the read store went away");
            }
            return null;
        });
    }

    @Test
    void a_batch_handled_again_after_a_rollback_does_not_count_its_suppliers_twice() {
        Runnable addTwo = () -> {
            blocks.add("N|acme", "s-1", 2);
            blocks.add("N|acme", "s-2", 2);
        };
        inBatch(true, addTwo);
        inBatch(false, addTwo);

        assertThat(blocks.blocks(List.of("N|acme")))
                .containsExactly(new SupplierBlocks.Block(List.of("s-1", "s-2"), false));
    }

    @Test
    void a_block_marked_full_by_a_batch_that_was_rolled_back_is_marked_full_when_it_is_handled_again() {
        inBatch(false, () -> {
            blocks.add("N|acme", "s-1", 2);
            blocks.add("N|acme", "s-2", 2);
        });
        inBatch(true, () -> blocks.add("N|acme", "s-3", 2));
        inBatch(false, () -> blocks.add("N|acme", "s-3", 2));

        assertThat(blocks.blocks(List.of("N|acme"))).containsExactly(new SupplierBlocks.Block(List.of(), true));
    }
}
