package io.mdg.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Date;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.support.TestCipher;
import io.mdg.query.support.TestReadStore;

/** The audit-trail contract on the MongoDB adapter (mongo-java-server, the only MongoDB obtainable here). */
class MongoAuditStoreTest extends AuditStoreContract {

    private TestReadStore readStore;

    @Override
    AuditStore newStore(ReadModelCipher cipher) {
        readStore = TestReadStore.start();
        return new MongoAuditStore(readStore.database(), cipher);
    }

    @AfterEach
    void stop() {
        readStore.close();
    }

    @Override
    long storedEntries() {
        return readStore.database().getCollection(MongoAuditStore.COLLECTION).countDocuments();
    }

    @Override
    long storedRequests() {
        return readStore.database().getCollection(MongoAuditStore.REQUESTS).countDocuments();
    }

    @Override
    String everythingStored() {
        StringBuilder all = new StringBuilder();
        for (String collection : new String[] {MongoAuditStore.COLLECTION, MongoAuditStore.REQUESTS}) {
            for (Document doc : readStore.database().getCollection(collection).find()) {
                append(all, doc);
            }
        }
        return all.toString();
    }

    private static void append(StringBuilder all, Object value) {
        if (value instanceof Document doc) {
            doc.values().forEach(v -> append(all, v));
        } else if (value instanceof Iterable<?> list) {
            list.forEach(v -> append(all, v));
        } else if (value instanceof Binary binary) {
            all.append(new String(binary.getData(), StandardCharsets.ISO_8859_1)).append('\n');
        } else if (value != null) {
            all.append(value).append('\n');
        }
    }

    @Test
    void an_entry_stored_in_clear_by_an_earlier_release_is_refused_with_what_to_do() {
        AuditStore store = new MongoAuditStore(readStore.database(), new TestCipher());
        readStore.database().getCollection(MongoAuditStore.COLLECTION).insertOne(new Document("_id", "old#0")
                .append("at", new Date()).append("position", 1L).append("order", 0L).append("action", "MERGED")
                .append("detail", new Binary(new byte[] {1, 2, 3})));

        assertThatThrownBy(() -> store.page(new AuditTrailQuery(AuditFilter.all(), null, 10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("old#0").hasMessageContaining("replay").hasMessageContaining("audit-trail");
        assertThat(storedEntries()).isEqualTo(1);
    }
}
