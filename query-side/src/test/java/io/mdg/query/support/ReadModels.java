package io.mdg.query.support;

import com.mongodb.client.MongoDatabase;

import io.mdg.query.changerequest.ChangeRequestReadModel;
import io.mdg.query.changerequest.MemoryChangeRequestReadModel;
import io.mdg.query.changerequest.MongoChangeRequestReadModel;
import io.mdg.query.duplicates.MemorySupplierBlocks;
import io.mdg.query.duplicates.MongoSupplierBlocks;
import io.mdg.query.duplicates.SupplierBlocks;
import io.mdg.query.record.MemoryRecordReadModel;
import io.mdg.query.record.MongoRecordReadModel;
import io.mdg.query.record.RecordReadModel;
import io.mdg.query.xref.CrossReferenceReadModel;
import io.mdg.query.xref.MemoryCrossReferenceReadModel;
import io.mdg.query.xref.MongoCrossReferenceReadModel;

/**
 * The read models of one adapter, for the contract tests: {@link #memory()} (the embedded default) or
 * {@link #mongo()} (the MongoDB adapters on an in-process mongo-java-server).
 */
public final class ReadModels implements AutoCloseable {

    private final RecordReadModel records;
    private final CrossReferenceReadModel crossReferences;
    private final SupplierBlocks blocks;
    private final ChangeRequestReadModel changeRequests;
    private final MongoDatabase database;
    private final AutoCloseable server;

    private ReadModels(RecordReadModel records, CrossReferenceReadModel crossReferences, SupplierBlocks blocks,
                       ChangeRequestReadModel changeRequests, MongoDatabase database, AutoCloseable server) {
        this.records = records;
        this.crossReferences = crossReferences;
        this.blocks = blocks;
        this.changeRequests = changeRequests;
        this.database = database;
        this.server = server;
    }

    public static ReadModels memory() {
        return new ReadModels(new MemoryRecordReadModel(), new MemoryCrossReferenceReadModel(),
                new MemorySupplierBlocks(), new MemoryChangeRequestReadModel(), null, null);
    }

    public static ReadModels mongo() {
        TestReadStore store = TestReadStore.start();
        return mongo(store.database(), store);
    }

    /** The MongoDB adapters on the given database; {@code server} is closed with them. */
    public static ReadModels mongo(MongoDatabase database, AutoCloseable server) {
        return new ReadModels(new MongoRecordReadModel(database), new MongoCrossReferenceReadModel(database),
                new MongoSupplierBlocks(database), new MongoChangeRequestReadModel(database), database, server);
    }

    public RecordReadModel records() {
        return records;
    }

    public CrossReferenceReadModel crossReferences() {
        return crossReferences;
    }

    public SupplierBlocks blocks() {
        return blocks;
    }

    public ChangeRequestReadModel changeRequests() {
        return changeRequests;
    }

    /** The MongoDB database of the MongoDB adapters (null for memory). */
    public MongoDatabase database() {
        return database;
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
