package io.mdg.query.quality;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;


import io.mdg.rules.InForce;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;
import io.mdg.api.quality.AttributeGap;
import io.mdg.api.quality.ClassCompleteness;
import io.mdg.api.quality.DataQualityReport;
import io.mdg.api.quality.IdentifierValidity;
import io.mdg.api.quality.ItemCompleteness;
import io.mdg.api.quality.LocationMapping;
import io.mdg.api.quality.PendingApprovals.AgeBucket;
import io.mdg.api.quality.PendingApprovals;
import io.mdg.api.quality.SupplierDuplication;
import io.mdg.api.record.DuplicateCandidate;
import io.mdg.api.record.DuplicateCandidatesQuery;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.SourceRefView;
import io.mdg.query.changerequest.ChangeRequestReadModel;
import io.mdg.query.duplicates.DuplicateCandidateQueries;
import io.mdg.query.record.RecordReadModel;
import io.mdg.rules.identifier.Duns;
import io.mdg.rules.identifier.Gln;
import io.mdg.rules.identifier.Gtin;
import io.mdg.rules.identifier.HibcCode;
import io.mdg.rules.identifier.Hin;
import io.mdg.rules.identifier.InvalidIdentifierException;
import io.mdg.rules.identifier.TaxId;
import io.mdg.rules.identifier.UdiDi;
import io.mdg.rules.identifier.Unspsc;
import io.mdg.rules.quality.CompletenessRules;

/**
 * Computes the {@link DataQualityReport} by one pass over each read model it needs (items, suppliers, locations,
 * pending change requests), plus the duplicate-candidate query for suppliers. Retired records are left out of completeness and identifier validity (they are no longer used); the
 * location mapping looks at every source location record, wherever it maps to.
 *
 * <p>Reads the records of the {@link RecordReadModel} and the {@link ChangeRequestReadModel}: from memory a scan of
 * 100,000 records takes milliseconds, from MongoDB every record is read whole, so the caller caches the result
 * ({@link DataQualityQueries}).
 */
@Component
@Profile("query")
public class DataQualityCalculator {

    /** How many records with an invalid identifier a report names per kind. */
    static final int INVALID_EXAMPLES = 10;
    /** How many most-missing attributes a class reports. */
    static final int MOST_MISSING = 5;

    private final RecordReadModel records;
    private final ChangeRequestReadModel changeRequests;
    private final DuplicateCandidateQueries duplicates;
    private final InForce<CompletenessRules> completeness;
    private final Clock clock;

    @Autowired
    public DataQualityCalculator(RecordReadModel records, ChangeRequestReadModel changeRequests,
                                 DuplicateCandidateQueries duplicates, InForce<CompletenessRules> completeness) {
        this(records, changeRequests, duplicates, completeness, Clock.systemUTC());
    }

    DataQualityCalculator(RecordReadModel records, ChangeRequestReadModel changeRequests,
                          DuplicateCandidateQueries duplicates, InForce<CompletenessRules> completeness, Clock clock) {
        this.records = records;
        this.changeRequests = changeRequests;
        this.duplicates = duplicates;
        this.completeness = completeness;
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
        CompletenessRules rules = completeness.now();
        Map<ItemClass, ClassTally> byClass = new LinkedHashMap<>();
        for (ItemClass itemClass : ItemClass.values()) {
            byClass.put(itemClass, new ClassTally(itemClass, rules));
        }
        ClassTally unclassified = new ClassTally(null, rules);
        scan(EntityType.ITEM, record -> {
            if (!(record.attributes() instanceof ItemAttributes a)) {
                return;
            }
            String id = record.id();
            ItemClass itemClass = a.itemClass();
            (itemClass == null ? unclassified : byClass.get(itemClass)).add(a);
            for (PackagingLevel level : a.packaging() == null ? List.<PackagingLevel>of() : a.packaging()) {
                if (level != null) {
                    identifiers.check("GTIN", id, level.gtin(), Gtin::isValid);
                }
            }
            UdiAgency agency = a.udiAgency();
            identifiers.check("UDI_DI", id, a.udiDi(), v -> valid(() -> new UdiDi(agency, v)));
            identifiers.check("HIBC", id, a.hibcCode(), HibcCode::isValid);
            identifiers.check("UNSPSC", id, a.unspsc(), v -> valid(() -> new Unspsc(v)));
        });
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
        long[] count = {0};
        scan(EntityType.SUPPLIER, record -> {
            count[0]++;
            if (record.attributes() instanceof SupplierAttributes a) {
                identifiers.check("TAX_ID", record.id(), a.taxId(), TaxId::isValid);
                identifiers.check("DUNS", record.id(), a.duns(), Duns::isValid);
                identifiers.check("GLN", record.id(), a.gln(), Gln::isValid);
            }
        });
        return count[0];
    }

    private SupplierDuplication duplication(long suppliers) {
        // the rules file's threshold, as the duplicate query applies it when given none
        double minScore = duplicates.defaultMinScore();
        List<DuplicateCandidate> pairs = duplicates.handle(new DuplicateCandidatesQuery(EntityType.SUPPLIER, null,
                minScore, duplicates.pageSize()));
        Set<String> involved = new HashSet<>();
        for (DuplicateCandidate pair : pairs) {
            involved.add(pair.recordId());
            involved.add(pair.candidateId());
        }
        double rate = suppliers == 0 ? 0.0 : (double) involved.size() / suppliers;
        return new SupplierDuplication(suppliers, minScore, pairs.size(), involved.size(), rate,
                pairs.size() < duplicates.pageSize());
    }

    private LocationMapping locations(Identifiers identifiers) {
        Map<SourceSystem, long[]> bySystem = new EnumMap<>(SourceSystem.class);
        records.forEach(EntityType.LOCATION, record -> {
            LocationAttributes a = record.attributes() instanceof LocationAttributes l ? l
                    : (LocationAttributes) Attributes.empty(EntityType.LOCATION);
            boolean retired = record.status() == LifecycleStatus.RETIRED;
            LocationType type = a.locationType();
            boolean placed = type == LocationType.NETWORK || a.parent() != null;
            boolean usable = !retired && type != null && placed;
            for (SourceRefView ref : record.sourceRefs()) {
                SourceSystem system = ref.system();
                if (system != null) {
                    long[] tally = bySystem.computeIfAbsent(system, s -> new long[2]);
                    tally[0]++;
                    tally[1] += usable ? 1 : 0;
                }
            }
            if (!retired) {
                identifiers.check("GLN", record.id(), a.gln(), Gln::isValid);
                identifiers.check("HIN", record.id(), a.hin(), v -> valid(() -> new Hin(v)));
            }
        });
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
        long[] total = {0};
        Instant[] oldest = {null};
        changeRequests.forEach(ChangeRequestStatus.PENDING, request -> {
            total[0]++;
            Instant at = request.openedAt() == null ? now : request.openedAt();
            oldest[0] = oldest[0] == null || at.isBefore(oldest[0]) ? at : oldest[0];
            byAge.merge(AgeBucket.of(Duration.between(at, now)), 1L, Long::sum);
            if (request.type() != null) {
                byDomain.merge(request.type(), 1L, Long::sum);
            }
        });
        List<PendingApprovals.AgeBucketCount> ages = new ArrayList<>();
        byAge.forEach((age, count) -> ages.add(new PendingApprovals.AgeBucketCount(age, count)));
        List<PendingApprovals.DomainCount> domains = new ArrayList<>();
        byDomain.forEach((domain, count) -> domains.add(new PendingApprovals.DomainCount(domain, count)));
        return new PendingApprovals(total[0], oldest[0], ages, domains);
    }

    /** The non-retired records of a type. */
    private void scan(EntityType type, Consumer<RecordView> action) {
        records.forEach(type, record -> {
            if (record.status() != LifecycleStatus.RETIRED) {
                action.accept(record);
            }
        });
    }

    private static boolean valid(Runnable construction) {
        try {
            construction.run();
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    /** Whether an attribute has a value (not null, not blank, not an empty list). */
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

        ClassTally(ItemClass itemClass, CompletenessRules rules) {
            this.itemClass = itemClass;
            this.required = rules.requiredItemAttributes(itemClass);
        }

        void add(MasterAttributes attributes) {
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

        private static boolean has(MasterAttributes attributes, String name) {
            if (CompletenessRules.PACKAGING_GTIN.equals(name)) {
                List<PackagingLevel> packaging = ((ItemAttributes) attributes).packaging();
                return packaging != null && packaging.stream().anyMatch(level -> level != null && present(level.gtin()));
            }
            return present(Attributes.value(attributes, name));
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
