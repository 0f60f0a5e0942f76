package io.mdg.query.record;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.T1;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.demo.data.DemoNetwork;
import io.mdg.query.duplicates.SupplierBlocking;
import io.mdg.query.support.ReadModels;
import io.mdg.query.xref.CrossReferenceProjection;

/**
 * Not a timed test: prints what a read costs on each adapter (find by id, a page of 50 suppliers) and the heap the
 * memory adapters take per supplier: the golden record, plus its cross-reference, plus its duplicate-detection
 * blocks. The suppliers are the benchmark's ({@code DemoNetwork.Sequence.supplier}: every attribute set, bank
 * account, remit-to address, ten cities) and reach the projections as they do in the service: each
 * {@link RecordRegisteredEvent} written to JSON and read back (so that no string is shared with a constant or with
 * another event), with its own timestamp. Run alone:
 * {@code ./mvnw -pl query-side test -Dtest=ReadPathMeasurement -Dmdg.measure=true}; in the normal build it runs with
 * small sizes as a smoke test.
 */
class ReadPathMeasurement {

    private static final boolean FULL = Boolean.getBoolean("mdg.measure");
    /** -Dmdg.measure.histogram=true: also prints the classes on the heap once everything is projected. */
    private static final boolean HISTOGRAM = Boolean.getBoolean("mdg.measure.histogram");
    /** -Dmdg.measure.mongo=false: the memory adapters only. */
    private static final boolean MONGO = Boolean.parseBoolean(System.getProperty("mdg.measure.mongo", "true"));
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void prints_the_cost_of_a_read_by_id_and_of_a_page_of_50_on_each_adapter_and_the_heap_per_record() {
        int memoryRecords = FULL ? 200_000 : 2_000;
        int mongoRecords = FULL ? 10_000 : 500;
        long records = heapPerSupplier(memoryRecords, false, false);
        long withRefs = heapPerSupplier(memoryRecords, true, false);
        long withBlocks = heapPerSupplier(memoryRecords, true, true);
        System.out.printf("[read path] memory adapters, %,d suppliers, heap per supplier: golden record %,d bytes, "
                        + "cross-reference %,d, blocks %,d; all three %,d%n", memoryRecords, records,
                withRefs - records, withBlocks - withRefs, withBlocks);
        try (ReadModels memory = ReadModels.memory()) {
            List<String> memoryIds = fill(memory, memoryRecords, true, true);
            if (HISTOGRAM) {
                System.out.println(histogram());
            }
            measure("memory", memory.records(), memoryIds, FULL ? 2_000_000 : 20_000, FULL ? 200_000 : 2_000);
        }
        if (MONGO) {
            try (ReadModels mongo = ReadModels.mongo()) {
                List<String> mongoIds = fill(mongo, mongoRecords, true, true);
                measure("mongodb (mongo-java-server, in-process, over the wire)", mongo.records(), mongoIds,
                        FULL ? 20_000 : 1_000, FULL ? 100 : 20);
            }
        }
    }

    /** The heap the memory adapters hold per supplier: records, and optionally cross-references and blocks. */
    private static long heapPerSupplier(int count, boolean crossReferences, boolean blocks) {
        try (ReadModels memory = ReadModels.memory()) {
            long before = usedHeap();
            List<String> ids = fill(memory, count, crossReferences, blocks);
            long after = usedHeap();
            assertThat(memory.records().count(EntityType.SUPPLIER, null)).isEqualTo(count);
            assertThat(ids).hasSize(count);
            return (after - before) / count;
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

    /**
     * Registers {@code count} suppliers through the projections (each event read back from JSON); returns their ids
     * in order. The ids are kept as the projections' own strings, so that they take no heap of their own.
     */
    private static List<String> fill(ReadModels models, int count, boolean crossReferences, boolean blocks) {
        RecordProjection projection = new RecordProjection(models.records(),
                blocks ? List.of(new SupplierBlocking(models.blocks())) : List.of(), List.of());
        CrossReferenceProjection refs = new CrossReferenceProjection(models.crossReferences());
        List<String> ids = new ArrayList<>(count);
        long projecting = 0;
        for (int i = 0; i < count; i++) {
            RecordRegisteredEvent event = fromJson(new RecordRegisteredEvent(UUID.randomUUID().toString(),
                    EntityType.SUPPLIER, new SourceRef(SourceSystem.ERP, "V" + (100_000 + i), 1L), supplier(i),
                    ERP_CLIENT));
            ids.add(event.recordId());
            Instant at = T1.plusMillis(i);
            long start = System.nanoTime();
            projection.on(event, 0, at);
            if (crossReferences) {
                refs.on(event);
            }
            projecting += System.nanoTime() - start;
        }
        System.out.printf("[read path] %,d suppliers projected (record%s%s) in %,d ns each%n", count,
                crossReferences ? ", cross-reference" : "", blocks ? ", blocks" : "", projecting / count);
        ids.sort(null);
        return ids;
    }

    private static RecordRegisteredEvent fromJson(RecordRegisteredEvent event) {
        try {
            return JSON.readValue(JSON.writeValueAsBytes(event), RecordRegisteredEvent.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The benchmark's supplier number {@code i}. */
    static SupplierAttributes supplier(long i) {
        return (SupplierAttributes) DemoNetwork.Sequence.supplier(i).attributes();
    }

    /** The first lines of the live-object histogram of this JVM (jcmd GC.class_histogram). */
    private static String histogram() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[]{null}, new String[]{String[].class.getName()});
            return String.join("\n", ((String) text).lines().limit(40).toList());
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
