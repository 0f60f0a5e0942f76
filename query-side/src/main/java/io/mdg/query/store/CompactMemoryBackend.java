package io.mdg.query.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * mongo-java-server's memory backend, keeping each stored document as its BSON bytes instead of a tree of Java maps.
 *
 * <p>The memory backend holds every document as nested {@code LinkedHashMap}s with a {@code String} per key and
 * value: measured on the benchmark's read models, 18.6 KB of live heap per stored event for 4.6 KB of BSON (5 KB
 * with this backend, BENCHMARKS.md), so a million events did not fit in a 16 GiB heap. As BSON the same documents
 * take their encoded size plus an array header. The price is a decode per document read (an {@code _id} lookup
 * decodes one; a scan decodes every document it visits) and an encode per write. Positions, unique indexes and query
 * semantics are mongo-java-server's own, exactly as for its H2 backend, which also stores copies and is told of
 * every update through {@link #handleUpdate}.
 */
public final class CompactMemoryBackend extends AbstractMongoBackend {

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new CompactDatabase(databaseName, getCursorRegistry());
    }

    private static final class CompactDatabase extends AbstractSynchronizedMongoDatabase<Integer> {

        CompactDatabase(String name, CursorRegistry cursorRegistry) {
            super(name, cursorRegistry);
            initializeNamespacesAndIndexes();
        }

        @Override
        protected MongoCollection<Integer> openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new CompactCollection(this, collectionName, options, cursorRegistry);
        }

        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                         boolean sparse) {
            return new MemoryUniqueIndex(indexName, keys, sparse);
        }

        @Override
        protected long getStorageSize() {
            return 0;
        }

        @Override
        protected long getFileSize() {
            return 0;
        }
    }

    /** The documents of one collection, each as BSON bytes, at stable positions (freed positions are reused). */
    static final class CompactCollection extends AbstractSynchronizedMongoCollection<Integer> {

        private final List<byte[]> documents = new ArrayList<>();
        private final ArrayDeque<Integer> emptyPositions = new ArrayDeque<>();
        private int dataSize;

        CompactCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        static byte[] encode(Document document) {
            ByteBuf buffer = Unpooled.buffer(256);
            try {
                BsonEncoder.encodeDocument(document, buffer);
                return ByteBufUtil.getBytes(buffer);
            } finally {
                buffer.release();
            }
        }

        static Document decode(byte[] bytes) {
            return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
        }

        @Override
        protected void updateDataSize(int sizeDelta) {
            dataSize += sizeDelta;
        }

        @Override
        protected int getDataSize() {
            return dataSize;
        }

        @Override
        protected Integer addDocumentInternal(Document document) {
            byte[] bytes = encode(document);
            Integer position = emptyPositions.poll();
            if (position == null) {
                documents.add(bytes);
                return documents.size() - 1;
            }
            documents.set(position, bytes);
            return position;
        }

        @Override
        protected Document getDocument(Integer position) {
            byte[] bytes = documents.get(position);
            return bytes == null ? null : decode(bytes);
        }

        @Override
        protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
            documents.set(position, encode(newDocument));
        }

        @Override
        protected void removeDocument(Integer position) {
            documents.set(position, null);
            emptyPositions.add(position);
        }

        @Override
        public synchronized int count() {
            return documents.size() - emptyPositions.size();
        }

        @Override
        public synchronized boolean isEmpty() {
            return count() == 0;
        }

        @Override
        protected Stream<DocumentWithPosition<Integer>> streamAllDocumentsWithPosition() {
            return positions(false).mapToObj(i -> new DocumentWithPosition<>(decode(documents.get(i)), i));
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                                             int batchSize, Document fieldSelector) {
            Stream<Document> stream = positions(naturalDescending(orderBy)).mapToObj(i -> decode(documents.get(i)));
            return matchDocumentsFromStream(stream, query, orderBy, numberToSkip, numberToReturn, batchSize,
                    fieldSelector);
        }

        private IntStream positions(boolean descending) {
            int size = documents.size();
            IntStream positions = descending ? IntStream.range(0, size).map(i -> size - 1 - i) : IntStream.range(0, size);
            return positions.filter(i -> documents.get(i) != null);
        }

        private static boolean naturalDescending(Document orderBy) {
            return orderBy != null && !orderBy.isEmpty() && "$natural".equals(orderBy.keySet().iterator().next())
                    && Integer.valueOf(-1).equals(orderBy.get("$natural"));
        }
    }
}
