package io.mdg.query.record;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.T1;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.query.support.ReadModels;

/**
 * Not a timed test: prints what a read costs on each adapter (find by id, a page of 50 suppliers) and the heap the
 * memory adapter takes per supplier, on suppliers shaped as the benchmark's (every attribute set, bank account,
 * remit-to address). Run alone: {@code ./mvnw -pl query-side test -Dtest=ReadPathMeasurement -Dmdg.measure=true};
 * in the normal build it runs with small sizes as a smoke test.
 */
class ReadPathMeasurement {

    private static final boolean FULL = Boolean.getBoolean("mdg.measure");

    @Test
    void prints_the_cost_of_a_read_by_id_and_of_a_page_of_50_on_each_adapter_and_the_heap_per_record() {
        int memoryRecords = FULL ? 200_000 : 2_000;
        int mongoRecords = FULL ? 10_000 : 500;
        try (ReadModels memory = ReadModels.memory(); ReadModels mongo = ReadModels.mongo()) {
            long before = usedHeap();
            List<String> memoryIds = fill(memory.records(), memoryRecords);
            long after = usedHeap();
            System.out.printf("[read path] memory adapter: %,d suppliers take %,d bytes of heap each%n", memoryRecords,
                    (after - before) / memoryRecords);
            List<String> mongoIds = fill(mongo.records(), mongoRecords);

            measure("memory", memory.records(), memoryIds, FULL ? 2_000_000 : 20_000, FULL ? 200_000 : 2_000);
            measure("mongodb (mongo-java-server, in-process, over the wire)", mongo.records(), mongoIds,
                    FULL ? 20_000 : 1_000, FULL ? 100 : 20);
        }
    }

    private static void measure(String adapter, RecordReadModel records, List<String> ids, int finds, int pages) {
        for (int round = 0; round < 3; round++) { // the first rounds warm up
            long found = 0;
            long start = System.nanoTime();
            for (int i = 0; i < finds; i++) {
                found += records.find(EntityType.SUPPLIER, ids.get((int) ((i * 7919L) % ids.size()))).isPresent() ? 1 : 0;
            }
            double findNs = (double) (System.nanoTime() - start) / finds;
            RecordFilter active = RecordFilter.any(EntityType.SUPPLIER).withStatus(LifecycleStatus.ACTIVE);
            long listed = 0;
            start = System.nanoTime();
            for (int i = 0; i < pages; i++) {
                String after = ids.get((int) ((i * 7919L) % (ids.size() - 100)));
                listed += records.page(active, after, 50).records().size();
            }
            double pageNs = (double) (System.nanoTime() - start) / pages;
            assertThat(found).isEqualTo(finds);
            assertThat(listed).isEqualTo(50L * pages);
            System.out.printf("[read path] %s, round %d: find by id %,.0f ns/op, page of 50 %,.0f ns/op%n", adapter,
                    round + 1, findNs, pageNs);
        }
    }

    private static List<String> fill(RecordReadModel records, int count) {
        RecordProjection projection = new RecordProjection(records, List.of(), List.of());
        List<String> ids = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            projection.on(new RecordRegisteredEvent(id, EntityType.SUPPLIER,
                    new SourceRef(SourceSystem.ERP, "V" + (100_000 + i), 1L), supplier(i), ERP_CLIENT), 0, T1);
        }
        ids.sort(null);
        return ids;
    }

    /** Shaped as the benchmark's suppliers (benchmark BenchData.supplier). */
    static SupplierAttributes supplier(long i) {
        String name = "Acme Medical Supply No. " + i + " Inc.";
        Address address = new Address((10 + i % 9000) + " Commerce Drive", i % 4 == 0 ? "Suite " + (100 + i % 800) : null,
                "Boston", "MA", "021" + String.format("%02d", i % 100), "US");
        Address remitTo = i % 3 == 0 ? new Address("PO Box " + (1000 + i % 90000), null, "Boston", "MA", "02199", "US")
                : address;
        return new SupplierAttributes(name, i % 2 == 0 ? List.of(name.replace(" Inc.", "")) : null,
                "12-" + String.format("%07d", 1_000_000 + i), String.format("%09d", 100_000_000L + i),
                String.format("087%010d", i), address, remitTo,
                new BankAccount(name, "First National Bank", "021000021", String.format("%010d", 4_000_000_000L + i),
                        null, "USD"), null, ScreeningStatus.CLEAR);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
