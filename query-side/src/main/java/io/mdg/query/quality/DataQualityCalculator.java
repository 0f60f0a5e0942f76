package io.mdg.query.quality;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.UdiAgency;
import io.mdg.api.quality.AttributeGap;
import io.mdg.api.quality.ClassCompleteness;
import io.mdg.api.quality.DataQualityReport;
import io.mdg.api.quality.IdentifierValidity;
import io.mdg.api.quality.ItemCompleteness;
import io.mdg.api.quality.LocationMapping;
import io.mdg.api.quality.PendingApprovals;
import io.mdg.api.quality.PendingApprovals.AgeBucket;
import io.mdg.api.quality.SupplierDuplication;
import io.mdg.api.record.DuplicateCandidate;
import io.mdg.api.record.DuplicateCandidatesQuery;
import io.mdg.query.changerequest.ChangeRequestStore;
import io.mdg.query.duplicates.DuplicateCandidateQueries;
import io.mdg.query.record.RecordStore;
import io.mdg.rules.identifier.Duns;
import io.mdg.rules.identifier.Gln;
import io.mdg.rules.identifier.Gtin;
import io.mdg.rules.identifier.HibcCode;
import io.mdg.rules.identifier.Hin;
import io.mdg.rules.identifier.InvalidIdentifierException;
import io.mdg.rules.identifier.TaxId;
import io.mdg.rules.identifier.UdiDi;
import io.mdg.rules.identifier.Unspsc;

/**
 * Computes the {@link DataQualityReport} by one pass over each read model it needs (items, suppliers, locations,
 * pending change requests), reading only the fields it uses (projections), plus the duplicate-candidate query for
 * suppliers. Retired records are left out of completeness and identifier validity (they are no longer used); the
 * location mapping looks at every source location record, wherever it maps to.
 *
 * <p>Reads the documents as {@link RecordStore} and {@link ChangeRequestStore} lay them out (their javadoc), by
 * field name, without decoding whole records: on mongo-java-server a scan of 100,000 documents takes about a
 * second, so the caller caches the result ({@link DataQualityQueries}).
 */
@Component
@Profile("query")
public class DataQualityCalculator {

    /** The similarity at which suppliers count as duplicate candidates (the duplicate query's default). */
    public static final double DUPLICATE_MIN_SCORE = 0.8;
    /** How many records with an invalid identifier a report names per kind. */
    static final int INVALID_EXAMPLES = 10;
    /** How many most-missing attributes a class reports. */
    static final int MOST_MISSING = 5;

    private static final String STATUS = "status";
    private static final String ATTRIBUTES = "attributes";
    private static final String SOURCE_REFS = "sourceRefs";

    private final MongoDatabase database;
    private final DuplicateCandidateQueries duplicates;
    private final Clock clock;

    @Autowired
    public DataQualityCalculator(MongoDatabase readStoreDatabase, DuplicateCandidateQueries duplicates) {
        this(readStoreDatabase, duplicates, Clock.systemUTC());
    }

    DataQualityCalculator(MongoDatabase readStoreDatabase, DuplicateCandidateQueries duplicates, Clock clock) {
        this.database = readStoreDatabase;
        this.duplicates = duplicates;
        this.clock = clock;
    }

    public DataQualityReport compute() {
        Instant now = clock.instant();
        Identifiers identifiers = new Identifiers();
        ItemCompleteness items = items(identifiers);
        long suppliers = suppliers(identifiers);
        LocationMapping locations = locations(identifiers);
        return new DataQualityReport(now, items, duplication(suppliers), locations, identifiers.report(),
                pendingApprovals(now));
    }

    private ItemCompleteness items(Identifiers identifiers) {
        Map<ItemClass, ClassTally> byClass = new LinkedHashMap<>();
        for (ItemClass itemClass : ItemClass.values()) {
            byClass.put(itemClass, new ClassTally(itemClass));
        }
        ClassTally unclassified = new ClassTally(null);
        List<String> fields = new ArrayList<>(List.of("description", "manufacturer", "manufacturerPartNumber",
                "unspsc", "itemClass", "packaging", "udiDi", "udiAgency", "hibcCode", "sterile", "latex",
                "implantable", "mriSafety"));
        for (Document doc : scan(EntityType.ITEM, fields)) {
            Document a = attributes(doc);
            String id = String.valueOf(doc.get("_id"));
            ItemClass itemClass = enumValue(ItemClass.class, a.getString("itemClass"));
            (itemClass == null ? unclassified : byClass.get(itemClass)).add(a);
            List<Document> packaging = a.getList("packaging", Document.class, List.of());
            for (Document level : packaging) {
                identifiers.check("GTIN", id, level.getString("gtin"), Gtin::isValid);
            }
            String udiDi = a.getString("udiDi");
            UdiAgency agency = enumValue(UdiAgency.class, a.getString("udiAgency"));
            identifiers.check("UDI_DI", id, udiDi, v -> valid(() -> new UdiDi(agency, v)));
            identifiers.check("HIBC", id, a.getString("hibcCode"), HibcCode::isValid);
            identifiers.check("UNSPSC", id, a.getString("unspsc"), v -> valid(() -> new Unspsc(v)));
        }
        List<ClassCompleteness> classes = new ArrayList<>();
        long records = 0;
        long complete = 0;
        for (ClassTally tally : byClass.values()) {
            classes.add(tally.report());
            records += tally.records;
            complete += tally.complete;
        }
        if (unclassified.records > 0) {
            classes.add(unclassified.report());
            records += unclassified.records;
            complete += unclassified.complete;
        }
        return new ItemCompleteness(records, complete, DataQualityReport.ratio(complete, records), classes);
    }

    private long suppliers(Identifiers identifiers) {
        long count = 0;
        for (Document doc : scan(EntityType.SUPPLIER, List.of("taxId", "duns", "gln"))) {
            count++;
            Document a = attributes(doc);
            String id = String.valueOf(doc.get("_id"));
            identifiers.check("TAX_ID", id, a.getString("taxId"), TaxId::isValid);
            identifiers.check("DUNS", id, a.getString("duns"), Duns::isValid);
            identifiers.check("GLN", id, a.getString("gln"), Gln::isValid);
        }
        return count;
    }

    private SupplierDuplication duplication(long suppliers) {
        List<DuplicateCandidate> pairs = duplicates.handle(new DuplicateCandidatesQuery(EntityType.SUPPLIER, null,
                DUPLICATE_MIN_SCORE, DuplicateCandidateQueries.MAX_LIMIT));
        Set<String> involved = new HashSet<>();
        for (DuplicateCandidate pair : pairs) {
            involved.add(pair.recordId());
            involved.add(pair.candidateId());
        }
        double rate = suppliers == 0 ? 0.0 : (double) involved.size() / suppliers;
        return new SupplierDuplication(suppliers, DUPLICATE_MIN_SCORE, pairs.size(), involved.size(), rate,
                pairs.size() < DuplicateCandidateQueries.MAX_LIMIT);
    }

    private LocationMapping locations(Identifiers identifiers) {
        Map<SourceSystem, long[]> bySystem = new EnumMap<>(SourceSystem.class);
        Bson projection = Projections.include(STATUS, SOURCE_REFS + ".system", ATTRIBUTES + ".locationType",
                ATTRIBUTES + ".parent", ATTRIBUTES + ".gln", ATTRIBUTES + ".hin");
        for (Document doc : collection(EntityType.LOCATION).find().projection(projection)) {
            Document a = attributes(doc);
            boolean retired = LifecycleStatus.RETIRED.name().equals(doc.getString(STATUS));
            LocationType type = enumValue(LocationType.class, a.getString("locationType"));
            boolean placed = type == LocationType.NETWORK || a.get("parent") != null;
            boolean usable = !retired && type != null && placed;
            for (Document ref : doc.getList(SOURCE_REFS, Document.class, List.of())) {
                SourceSystem system = enumValue(SourceSystem.class, ref.getString("system"));
                if (system != null) {
                    long[] tally = bySystem.computeIfAbsent(system, s -> new long[2]);
                    tally[0]++;
                    tally[1] += usable ? 1 : 0;
                }
            }
            if (!retired) {
                String id = String.valueOf(doc.get("_id"));
                identifiers.check("GLN", id, a.getString("gln"), Gln::isValid);
                identifiers.check("HIN", id, a.getString("hin"), v -> valid(() -> new Hin(v)));
            }
        }
        long total = 0;
        long mapped = 0;
        List<LocationMapping.SystemMapping> systems = new ArrayList<>();
        for (Map.Entry<SourceSystem, long[]> entry : bySystem.entrySet()) {
            long[] tally = entry.getValue();
            total += tally[0];
            mapped += tally[1];
            systems.add(new LocationMapping.SystemMapping(entry.getKey(), tally[0], tally[1],
                    DataQualityReport.ratio(tally[1], tally[0])));
        }
        return new LocationMapping(total, mapped, DataQualityReport.ratio(mapped, total), systems);
    }

    private PendingApprovals pendingApprovals(Instant now) {
        Map<AgeBucket, Long> byAge = new EnumMap<>(AgeBucket.class);
        Map<EntityType, Long> byDomain = new EnumMap<>(EntityType.class);
        for (AgeBucket age : AgeBucket.values()) {
            byAge.put(age, 0L);
        }
        for (EntityType type : EntityType.values()) {
            byDomain.put(type, 0L);
        }
        long total = 0;
        Instant oldest = null;
        MongoCollection<Document> requests = database.getCollection(ChangeRequestStore.COLLECTION);
        for (Document doc : requests.find(Filters.eq("status", ChangeRequestStatus.PENDING.name()))
                .projection(Projections.include("type", "openedAt"))) {
            total++;
            Date opened = doc.getDate("openedAt");
            Instant at = opened == null ? now : opened.toInstant();
            oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
            byAge.merge(AgeBucket.of(Duration.between(at, now)), 1L, Long::sum);
            EntityType domain = enumValue(EntityType.class, doc.getString("type"));
            if (domain != null) {
                byDomain.merge(domain, 1L, Long::sum);
            }
        }
        List<PendingApprovals.AgeBucketCount> ages = new ArrayList<>();
        byAge.forEach((age, count) -> ages.add(new PendingApprovals.AgeBucketCount(age, count)));
        List<PendingApprovals.DomainCount> domains = new ArrayList<>();
        byDomain.forEach((domain, count) -> domains.add(new PendingApprovals.DomainCount(domain, count)));
        return new PendingApprovals(total, oldest, ages, domains);
    }

    /** The non-retired records of a type, with only the given attributes read. */
    private Iterable<Document> scan(EntityType type, Collection<String> attributes) {
        List<String> fields = new ArrayList<>();
        fields.add(STATUS);
        attributes.forEach(name -> fields.add(ATTRIBUTES + "." + name));
        return collection(type).find(Filters.ne(STATUS, LifecycleStatus.RETIRED.name()))
                .projection(Projections.include(fields));
    }

    private MongoCollection<Document> collection(EntityType type) {
        return database.getCollection(RecordStore.COLLECTIONS.get(type));
    }

    private static Document attributes(Document doc) {
        Document attributes = doc.get(ATTRIBUTES, Document.class);
        return attributes == null ? new Document() : attributes;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean valid(Runnable construction) {
        try {
            construction.run();
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    /** Whether a stored attribute has a value (not null, not blank, not an empty list). */
    static boolean present(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof String s) {
            return !s.isBlank();
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }

    /** Completeness of the items of one class. */
    private static final class ClassTally {

        private final ItemClass itemClass;
        private final List<String> required;
        private final Map<String, Long> missing = new LinkedHashMap<>();
        private long records;
        private long complete;

        ClassTally(ItemClass itemClass) {
            this.itemClass = itemClass;
            this.required = RequiredItemAttributes.of(itemClass);
        }

        void add(Document attributes) {
            records++;
            boolean all = true;
            for (String name : required) {
                if (!has(attributes, name)) {
                    all = false;
                    missing.merge(name, 1L, Long::sum);
                }
            }
            complete += all ? 1 : 0;
        }

        private static boolean has(Document attributes, String name) {
            if (RequiredItemAttributes.PACKAGING_GTIN.equals(name)) {
                return attributes.getList("packaging", Document.class, List.of()).stream()
                        .anyMatch(level -> present(level.getString("gtin")));
            }
            return present(attributes.get(name));
        }

        ClassCompleteness report() {
            List<AttributeGap> gaps = missing.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(MOST_MISSING)
                    .map(e -> new AttributeGap(e.getKey(), e.getValue()))
                    .toList();
            return new ClassCompleteness(itemClass, required, records, complete,
                    DataQualityReport.ratio(complete, records), gaps);
        }
    }

    /** Identifier validity per kind, in the order kinds are first seen. */
    private static final class Identifiers {

        private static final List<String> KINDS = List.of("GTIN", "UDI_DI", "HIBC", "UNSPSC", "TAX_ID", "DUNS", "GLN",
                "HIN");

        private final Map<String, long[]> tallies = new LinkedHashMap<>();
        private final Map<String, List<String>> invalid = new LinkedHashMap<>();

        Identifiers() {
            KINDS.forEach(kind -> {
                tallies.put(kind, new long[2]);
                invalid.put(kind, new ArrayList<>());
            });
        }

        void check(String kind, String recordId, String value, Predicate<String> validity) {
            if (!present(value)) {
                return;
            }
            long[] tally = tallies.get(kind);
            tally[0]++;
            if (validity.test(value)) {
                tally[1]++;
            } else {
                List<String> examples = invalid.get(kind);
                if (examples.size() < INVALID_EXAMPLES && !examples.contains(recordId)) {
                    examples.add(recordId);
                }
            }
        }

        List<IdentifierValidity> report() {
            List<IdentifierValidity> result = new ArrayList<>();
            tallies.forEach((kind, tally) -> result.add(new IdentifierValidity(kind, tally[0], tally[1],
                    DataQualityReport.ratio(tally[1], tally[0]), List.copyOf(invalid.get(kind)))));
            return result;
        }
    }
}
