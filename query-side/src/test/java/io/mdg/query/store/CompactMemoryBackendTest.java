package io.mdg.query.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;

/** The BSON-storing memory backend behaves as a store through the driver: every write kind, indexes, queries. */
class CompactMemoryBackendTest {

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> records;

    @BeforeEach
    void start() {
        server = new MongoServer(new CompactMemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        records = client.getDatabase("mdg").getCollection("records");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void documents_round_trip_with_every_value_type_the_read_models_use() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Document record = new Document("_id", "SUP-1").append("version", 3L).append("count", 7)
                .append("score", 0.5).append("active", true).append("at", java.util.Date.from(at))
                .append("none", null).append("blob", new Binary(new byte[] {1, 2, 3}))
                .append("attributes", new Document("legalName", "Acme Medical").append("nested",
                        new Document("deep", List.of(1, "two", new Document("three", 3)))))
                .append("tags", List.of("a", "b"));
        records.insertOne(record);

        assertThat(records.find(Filters.eq("_id", "SUP-1")).first()).isEqualTo(record);
        assertThat(records.find(Filters.eq("attributes.legalName", "Acme Medical")).first()).isEqualTo(record);
        assertThat(records.countDocuments()).isEqualTo(1);
    }

    @Test
    void updates_replacements_and_upserts_are_stored_and_seen_by_later_reads() {
        records.insertOne(new Document("_id", "A").append("n", 1).append("list", List.of("x")));
        records.updateOne(Filters.eq("_id", "A"), Updates.combine(Updates.inc("n", 2), Updates.push("list", "y"),
                Updates.set("sub.field", "v"), Updates.unset("missing")));
        assertThat(records.find(Filters.eq("_id", "A")).first())
                .isEqualTo(new Document("_id", "A").append("n", 3).append("list", List.of("x", "y"))
                        .append("sub", new Document("field", "v")));

        records.replaceOne(Filters.eq("_id", "A"), new Document("_id", "A").append("replaced", true));
        assertThat(records.find(Filters.eq("_id", "A")).first()).isEqualTo(new Document("_id", "A").append("replaced", true));

        records.updateOne(Filters.eq("_id", "B"), Updates.set("n", 9), new UpdateOptions().upsert(true));
        records.replaceOne(Filters.eq("_id", "C"), new Document("n", 10), new ReplaceOptions().upsert(true));
        assertThat(records.find(Filters.in("_id", "B", "C")).sort(Sorts.ascending("_id")).into(new ArrayList<>()))
                .extracting(d -> d.get("n")).containsExactly(9, 10);
        // a query on a field the update changed sees the new value only
        assertThat(records.countDocuments(Filters.eq("replaced", true))).isEqualTo(1);
        assertThat(records.countDocuments(Filters.exists("list"))).isZero();
    }

    @Test
    void deleted_positions_are_reused_without_resurrecting_or_losing_documents() {
        records.insertMany(IntStream.range(0, 100).mapToObj(i -> new Document("_id", i).append("n", i)).toList());
        records.deleteMany(Filters.lt("n", 50));
        records.insertMany(IntStream.range(100, 130).mapToObj(i -> new Document("_id", i).append("n", i)).toList());

        assertThat(records.countDocuments()).isEqualTo(80);
        List<Integer> ids = records.find().sort(Sorts.ascending("n")).map(d -> d.getInteger("_id")).into(new ArrayList<>());
        assertThat(ids).containsExactlyElementsOf(IntStream.range(50, 130).boxed().toList());
        assertThat(records.find(Filters.eq("_id", 10)).first()).isNull();
        assertThat(records.find().sort(Sorts.descending("n")).skip(5).limit(3).map(d -> d.getInteger("n"))
                .into(new ArrayList<>())).containsExactly(124, 123, 122);
    }

    @Test
    void unique_indexes_refuse_duplicates_and_follow_updates_and_deletes() {
        records.createIndex(Indexes.ascending("gtin"), new IndexOptions().unique(true).sparse(true));
        records.insertOne(new Document("_id", 1).append("gtin", "00012345600012"));
        assertThatThrownBy(() -> records.insertOne(new Document("_id", 2).append("gtin", "00012345600012")))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> records.insertOne(new Document("_id", 1)))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");

        records.updateOne(Filters.eq("_id", 1), Updates.set("gtin", "00012345600029"));
        records.insertOne(new Document("_id", 2).append("gtin", "00012345600012")); // the old key is free again
        records.deleteOne(Filters.eq("_id", 1));
        records.insertOne(new Document("_id", 3).append("gtin", "00012345600029"));

        assertThat(records.find(Filters.eq("gtin", "00012345600029")).first()).containsEntry("_id", 3);
        assertThat(records.countDocuments()).isEqualTo(2);
    }

    @Test
    void natural_order_descending_and_find_and_modify_work() {
        records.insertMany(IntStream.range(0, 5).mapToObj(i -> new Document("_id", i)).toList());
        assertThat(records.find().sort(new Document("$natural", -1)).map(d -> d.getInteger("_id")).into(new ArrayList<>()))
                .containsExactly(4, 3, 2, 1, 0);
        Document before = records.findOneAndUpdate(Filters.eq("_id", 2), Updates.set("claimed", true));
        assertThat(before).doesNotContainKey("claimed");
        assertThat(records.find(Filters.eq("_id", 2)).first()).containsEntry("claimed", true);
        records.drop();
        assertThat(records.countDocuments()).isZero();
    }
}
