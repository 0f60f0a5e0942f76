package io.mdg.query.duplicates;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.rules.InForce;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.DuplicateCandidate;
import io.mdg.api.record.DuplicateCandidatesQuery;
import io.mdg.api.record.RecordView;
import io.mdg.query.record.RecordReadModel;
import io.mdg.rules.access.RequestLimits;
import io.mdg.rules.similarity.MatchingRules;
import io.mdg.rules.similarity.SupplierSimilarity;

/**
 * Duplicate candidates for a steward to review (never merged automatically).
 *
 * <p>Suppliers: only ACTIVE and SUSPENDED records; pairs are compared only within a block of
 * {@link SupplierBlocking} (same name prefix, postal code or identifier), scored by the governance rules'
 * {@link SupplierSimilarity}, kept at or above {@code minScore} (none given: the rules file's
 * {@code matching.duplicateMinScore}), best first, at most {@code limit}
 * (at most the rules file's page size, {@code limits.pageSize}). A query for one record looks up its blocks by {@code _id}; a query for all
 * candidates walks the blocks, comparing at most {@link #MAX_COMPARISONS} pairs (a safety valve for very large
 * blocks; a warning is logged when it stops early).
 *
 * <p>Items, contracts and locations: no similarity policy exists yet, so the answer is an empty list. (Their
 * identifiers (GTIN, UDI-DI, GLN, HIN, contract number) are unique on the command side already.)
 */
@Component
@Profile("query")
public class DuplicateCandidateQueries {

    public static final int DEFAULT_LIMIT = 50;
    static final long MAX_COMPARISONS = 2_000_000;

    private static final Set<LifecycleStatus> CANDIDATE_STATUSES = EnumSet.of(LifecycleStatus.ACTIVE,
            LifecycleStatus.SUSPENDED);
    private static final Logger log = LoggerFactory.getLogger(DuplicateCandidateQueries.class);

    private final RecordReadModel records;
    private final SupplierBlocking blocking;
    private final InForce<MatchingRules> matching;
    private final InForce<RequestLimits> limits;

    public DuplicateCandidateQueries(RecordReadModel records, SupplierBlocking blocking,
                                     InForce<MatchingRules> matching,
                                     InForce<RequestLimits> limits) {
        this.records = records;
        this.blocking = blocking;
        this.matching = matching;
        this.limits = limits;
    }

    /** The most candidates one answer holds (the rules file's {@code limits.pageSize}). */
    public int pageSize() {
        return limits.now().pageSize();
    }

    /** The rules file's threshold, used when a query gives none. */
    public double defaultMinScore() {
        return matching.now().duplicateMinScore();
    }

    @QueryHandler
    public List<DuplicateCandidate> handle(DuplicateCandidatesQuery query) {
        if (query.type() != EntityType.SUPPLIER) {
            return List.of();
        }
        int limit = query.limit() <= 0 ? DEFAULT_LIMIT : Math.min(query.limit(), pageSize());
        double minScore = query.minScore() == null ? defaultMinScore() : query.minScore();
        List<DuplicateCandidate> found = query.recordId() == null
                ? allSupplierCandidates(minScore)
                : supplierCandidates(query.recordId(), minScore);
        return found.stream()
                .sorted(Comparator.comparingDouble(DuplicateCandidate::score).reversed()
                        .thenComparing(DuplicateCandidate::recordId)
                        .thenComparing(DuplicateCandidate::candidateId))
                .limit(limit)
                .toList();
    }

    private List<DuplicateCandidate> supplierCandidates(String recordId, double minScore) {
        Optional<RecordView> self = records.find(EntityType.SUPPLIER, recordId).filter(this::candidate);
        if (self.isEmpty()) {
            return List.of();
        }
        Set<String> ids = blocking.members(SupplierBlocking.keys((SupplierAttributes) self.get().attributes()));
        ids.remove(recordId);
        List<DuplicateCandidate> result = new ArrayList<>();
        for (RecordView other : records.findAll(EntityType.SUPPLIER, ids).values()) {
            if (candidate(other)) {
                score(self.get(), other, minScore).ifPresent(result::add);
            }
        }
        return result;
    }

    private List<DuplicateCandidate> allSupplierCandidates(double minScore) {
        Map<String, DuplicateCandidate> found = new HashMap<>();
        long[] comparisons = {0};
        blocking.forEachBlock(ids -> {
            if (comparisons[0] >= MAX_COMPARISONS) {
                return;
            }
            List<RecordView> members = records.findAll(EntityType.SUPPLIER, ids).values().stream()
                    .filter(this::candidate)
                    .sorted(Comparator.comparing(RecordView::id))
                    .toList();
            for (int i = 0; i < members.size() && comparisons[0] < MAX_COMPARISONS; i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    String pair = members.get(i).id() + "|" + members.get(j).id();
                    if (found.containsKey(pair)) {
                        continue;
                    }
                    comparisons[0]++;
                    score(members.get(i), members.get(j), minScore).ifPresent(c -> found.put(pair, c));
                }
            }
        });
        if (comparisons[0] >= MAX_COMPARISONS) {
            log.warn("Duplicate candidate scan stopped after {} comparisons; the answer may be incomplete",
                    comparisons[0]);
        }
        return new ArrayList<>(found.values());
    }

    private boolean candidate(RecordView view) {
        return CANDIDATE_STATUSES.contains(view.status()) && view.attributes() instanceof SupplierAttributes;
    }

    private static Optional<DuplicateCandidate> score(RecordView a, RecordView b, double minScore) {
        return SupplierSimilarity.compare((SupplierAttributes) a.attributes(), (SupplierAttributes) b.attributes())
                .filter(s -> s.score() >= minScore)
                .map(s -> new DuplicateCandidate(a.id(), b.id(), s.score(), List.copyOf(s.reasons())));
    }
}
