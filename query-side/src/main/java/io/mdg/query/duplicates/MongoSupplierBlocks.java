package io.mdg.query.duplicates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 */
public class MongoSupplierBlocks implements SupplierBlocks {

    public static final String COLLECTION = "supplier_blocks";

    private final MongoCollection<Document> blocks;

    public MongoSupplierBlocks(MongoDatabase readStoreDatabase) {
        this.blocks = readStoreDatabase.getCollection(COLLECTION);
    }

    @Override
    public void add(String key, String supplierId) {
        BatchedWrites.update(blocks, key, Updates.addToSet("ids", supplierId), new UpdateOptions().upsert(true));
    }

    @Override
    public void remove(String key, String supplierId) {
        BatchedWrites.update(blocks, key, Updates.pull("ids", supplierId), new UpdateOptions());
    }

    @Override
    public void markFull(String key) {
        BatchedWrites.update(blocks, key, Updates.combine(Updates.set("full", true), Updates.unset("ids")),
                new UpdateOptions().upsert(true));
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
        blocks.drop();
    }

    private static Block block(Document block) {
        return new Block(List.copyOf(block.getList("ids", String.class, List.of())), block.getBoolean("full", false));
    }
}
