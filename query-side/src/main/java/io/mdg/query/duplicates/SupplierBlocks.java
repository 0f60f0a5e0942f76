package io.mdg.query.duplicates;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The blocks of duplicate detection ({@link SupplierBlocking}): per block key the suppliers in it, or the mark that
 * the block is full (too large to tell anything; its members are then no longer kept). Every change is a set
 * operation, so redelivery is harmless. Adapters: memory ({@link MemorySupplierBlocks}) and MongoDB
 * ({@link MongoSupplierBlocks}).
 */
public interface SupplierBlocks {

    /** A block: its suppliers (empty when full), and whether it is full. */
    record Block(List<String> ids, boolean full) {
    }

    /**
     * The supplier is in the block (nothing changes when it is already, or when the block is full); when that makes
     * the block hold more than {@code maxSize} suppliers, the block becomes full instead: its members are dropped,
     * and nothing is added to or removed from it any more.
     */
    void add(String key, String supplierId, int maxSize);

    /** The supplier is no longer in the block. */
    void remove(String key, String supplierId);

    /** The blocks with the given keys that exist. */
    List<Block> blocks(Collection<String> keys);

    /** Every block, one at a time. */
    void forEach(Consumer<Block> action);

    /** Forgets every block (a rebuild starts). */
    void dropAll();
}
