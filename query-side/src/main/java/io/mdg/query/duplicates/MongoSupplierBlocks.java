package io.mdg.query.duplicates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.mdg.query.store.BatchedWrites;

/**
 * The blocks of duplicate detection in MongoDB, collection {@code supplier_blocks}: {@code _id} = key,
 * {@code ids} = the suppliers in it, {@code full} when full; changed only by {@code $addToSet}/{@code $pull} and
 * read by {@code _id}.
 *
 * <p>A write to a document with a list of many thousand ids costs in proportion to the list (the store copies and
 * measures the whole document), which made each new supplier cost more than the one before (measured: 30,000
 * suppliers with one name prefix took minutes to rebuild): so a block is marked full, and its list dropped, as soon
 * as this process has added more suppliers to it than the limit, and nothing is written to it afterwards. Inside a
 * processor's batch the count changes when the batch commits: a batch rolled back and handled again counts once.
 */
public class MongoSupplierBlocks implements SupplierBlocks {

    public static final String COLLECTION = "supplier_blocks";

    private final MongoCollection<Document> blocks;
    /** Suppliers this process added to each block (less those it removed): when a block gets too large. */
    private final Map<String, Integer> added = new ConcurrentHashMap<>();
    /** Blocks marked full by this process. */
    private final Set<String> full = ConcurrentHashMap.newKeySet();
    /** The resource of a batch's {@link Changes}. */
    private final String changesResource = MongoSupplierBlocks.class.getName() + "@" + System.identityHashCode(this);

    /**
     * What a batch changed in {@link #added} and {@link #full}, applied when it commits: a batch rolled back and
     * handled again must not count its suppliers twice (a block would be full too early) nor leave a block marked
     * full here that its store never got.
     */
    private static final class Changes {
        private final Map<String, Integer> added = new HashMap<>();
        private final Set<String> full = new HashSet<>();
    }

    public MongoSupplierBlocks(MongoDatabase readStoreDatabase) {
        this.blocks = readStoreDatabase.getCollection(COLLECTION);
    }

    /**
     * Adds without reading the block: the size is told by what this process added to it (less what it removed), so
     * a block is marked full once this process has added more suppliers to it than the limit.
     */
    @Override
    public void add(String key, String supplierId, int maxSize) {
        Changes batch = BatchedWrites.untilCommit(changesResource, Changes::new, this::commit);
        if (full.contains(key) || batch != null && batch.full.contains(key)) {
            return;
        }
        if (count(key, batch) + 1 > maxSize) {
            if (batch == null) {
                full.add(key);
                added.remove(key);
            } else {
                batch.full.add(key);
            }
            BatchedWrites.update(blocks, key, Updates.combine(Updates.set("full", true), Updates.unset("ids")),
                    new UpdateOptions().upsert(true));
        } else {
            change(key, 1, batch);
            BatchedWrites.update(blocks, key, Updates.addToSet("ids", supplierId), new UpdateOptions().upsert(true));
        }
    }

    @Override
    public void remove(String key, String supplierId) {
        Changes batch = BatchedWrites.untilCommit(changesResource, Changes::new, this::commit);
        if (full.contains(key) || batch != null && batch.full.contains(key)) {
            return;
        }
        if (count(key, batch) > 0) {
            change(key, -1, batch);
        }
        BatchedWrites.update(blocks, key, Updates.pull("ids", supplierId), new UpdateOptions());
    }

    /** Suppliers added to the block by this process, the current batch's included. */
    private int count(String key, Changes batch) {
        return added.getOrDefault(key, 0) + (batch == null ? 0 : batch.added.getOrDefault(key, 0));
    }

    private void change(String key, int by, Changes batch) {
        if (batch == null) {
            apply(key, by);
        } else {
            batch.added.merge(key, by, Integer::sum);
        }
    }

    private void commit(Changes batch) {
        batch.added.forEach(this::apply);
        for (String key : batch.full) {
            full.add(key);
            added.remove(key);
        }
    }

    private void apply(String key, int by) {
        added.compute(key, (k, count) -> {
            int now = (count == null ? 0 : count) + by;
            return now > 0 ? now : null;
        });
    }

    @Override
    public List<Block> blocks(Collection<String> keys) {
        List<Block> found = new ArrayList<>();
        if (!keys.isEmpty()) {
            for (Document block : blocks.find(Filters.in("_id", keys))) {
                found.add(block(block));
            }
        }
        return found;
    }

    @Override
    public void forEach(Consumer<Block> action) {
        for (Document block : blocks.find()) {
            action.accept(block(block));
        }
    }

    @Override
    public void dropAll() {
        added.clear();
        full.clear();
        blocks.drop();
    }

    private static Block block(Document block) {
        return new Block(List.copyOf(block.getList("ids", String.class, List.of())), block.getBoolean("full", false));
    }
}
