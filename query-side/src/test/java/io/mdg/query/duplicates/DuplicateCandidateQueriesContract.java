package io.mdg.query.duplicates;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.STEWARD;
import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.T2;
import static io.mdg.query.support.Events.erp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.rules.InForce;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.Address;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.DuplicateCandidate;
import io.mdg.api.record.DuplicateCandidatesQuery;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.query.record.RecordProjection;
import io.mdg.query.support.ReadModels;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.similarity.MatchingRules;
import io.mdg.rules.similarity.SupplierSimilarity;

/**
 * Duplicate candidates from the blocks of {@link SupplierBlocks} and the records of the record read model: the
 * contract every adapter passes ({@link MemoryDuplicateCandidateQueriesTest}, {@link MongoDuplicateCandidateQueriesTest}).
 */
abstract class DuplicateCandidateQueriesContract {

    private static final Address BOSTON = new Address("1 Main Street", null, "Boston", "MA", "02139-4307", "US");
    private static final Address BOSTON_SHORT = new Address("1 Main St", null, "Boston", "MA", "02139", "US");
    private static final Address DENVER = new Address("9 Elm Rd", null, "Denver", "CO", "80202", "US");

    private ReadModels models;
    private RecordProjection records;
    private SupplierBlocking blocking;
    private DuplicateCandidateQueries queries;

    @BeforeEach
    void startStore() {
        start(SupplierBlocking.MAX_BLOCK_SIZE);
    }

    /** The read models under test. */
    abstract ReadModels start();

    private void start(int maxBlockSize) {
        models = start();
        blocking = new SupplierBlocking(models.blocks(), maxBlockSize);
        records = new RecordProjection(models.records(), List.of(blocking), List.of());
        queries = new DuplicateCandidateQueries(models.records(), blocking,
                InForce.always(RulesFile.loadDefault().matching()), InForce.always(RulesFile.loadDefault().limits()));
    }

    @AfterEach
    void stopStore() {
        models.close();
    }

    private void register(String id, SupplierAttributes attributes) {
        var event = new RecordRegisteredEvent(id, EntityType.SUPPLIER, erp("V-" + id, 1), attributes, ERP_CLIENT);
        records.on(event, 0, T1);
    }

    private static SupplierAttributes supplier(String name, Address address, String taxId) {
        return new SupplierAttributes(name, null, taxId, null, null, address, null, null, null, null);
    }

    private List<DuplicateCandidate> candidates(String recordId, double minScore, int limit) {
        return queries.handle(new DuplicateCandidatesQuery(EntityType.SUPPLIER, recordId, minScore, limit));
    }

    private static double score(SupplierAttributes a, SupplierAttributes b) {
        return SupplierSimilarity.score(a, b).score();
    }

    @Test
    void similar_active_suppliers_in_a_shared_block_are_candidates_best_first() {
        SupplierAttributes acme = supplier("Acme Medical Inc.", BOSTON, null);
        SupplierAttributes acmeLlc = supplier("ACME Medical LLC", BOSTON_SHORT, null);
        SupplierAttributes acmeDenver = supplier("Acme Medical", DENVER, null);
        register("s-1", acme);
        register("s-2", acmeLlc);
        register("s-3", acmeDenver);
        register("s-4", supplier("Zeta Surgical Supply", BOSTON, null));

        List<DuplicateCandidate> found = candidates("s-1", 0.0, 10);

        assertThat(found).extracting(DuplicateCandidate::recordId).containsOnly("s-1");
        assertThat(found).extracting(DuplicateCandidate::candidateId).startsWith("s-2").doesNotContain("s-1", "s-4");
        assertThat(found.get(0).score()).isEqualTo(score(acme, acmeLlc));
        assertThat(found.get(0).reasons()).isNotEmpty();
        assertThat(found).extracting(DuplicateCandidate::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(candidates("s-1", score(acme, acmeLlc) + 0.0001, 10)).isEmpty();
        assertThat(candidates("s-1", 0.0, 1)).hasSize(1);
    }

    /** The shipped rules file with another duplicate threshold ({@code matching.duplicateMinScore}). */
    private static MatchingRules rulesWithThreshold(double minScore) throws java.io.IOException {
        String shipped;
        try (var in = RulesFile.class.getClassLoader().getResourceAsStream(RulesFile.DEFAULT_RESOURCE)) {
            shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(shipped).contains("duplicateMinScore: 0.8");
        return RulesFile.parse(shipped.replace("duplicateMinScore: 0.8", "duplicateMinScore: " + minScore),
                "rules with duplicateMinScore " + minScore).matching();
    }

    @Test
    void a_query_without_a_minimum_keeps_the_pairs_at_or_above_the_rules_files_threshold() throws Exception {
        SupplierAttributes acme = supplier("Acme Medical Inc.", BOSTON, null);
        SupplierAttributes acmeSupplies = supplier("Acme Medical Supplies", BOSTON, null);
        register("s-1", acme);
        register("s-2", acmeSupplies);
        double similarity = score(acme, acmeSupplies);
        assertThat(similarity).isStrictlyBetween(0.0, 0.99);
        DuplicateCandidatesQuery noMinimum = new DuplicateCandidatesQuery(EntityType.SUPPLIER, "s-1", null, 10);

        DuplicateCandidateQueries atTheScore = new DuplicateCandidateQueries(models.records(), blocking,
                InForce.always(rulesWithThreshold(similarity)), InForce.always(RulesFile.loadDefault().limits()));
        DuplicateCandidateQueries aboveTheScore = new DuplicateCandidateQueries(models.records(), blocking,
                InForce.always(rulesWithThreshold(Math.min(1.0, similarity + 0.01))),
                InForce.always(RulesFile.loadDefault().limits()));

        assertThat(atTheScore.handle(noMinimum)).extracting(DuplicateCandidate::candidateId).containsExactly("s-2");
        assertThat(aboveTheScore.handle(noMinimum)).isEmpty();
        // a minimum given in the query wins over the file's
        assertThat(aboveTheScore.handle(new DuplicateCandidatesQuery(EntityType.SUPPLIER, "s-1", similarity, 10)))
                .extracting(DuplicateCandidate::candidateId).containsExactly("s-2");
    }

    @Test
    void retired_and_unknown_suppliers_have_no_candidates_and_are_no_candidates() {
        register("s-1", supplier("Acme Medical Inc.", BOSTON, null));
        register("s-2", supplier("ACME Medical LLC", BOSTON_SHORT, null));
        records.on(new LifecycleChangedEvent("s-2", EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                LifecycleStatus.RETIRED, "merged", STEWARD), 1, T2);

        assertThat(candidates("s-1", 0.0, 10)).isEmpty();
        assertThat(candidates("s-2", 0.0, 10)).isEmpty();
        assertThat(candidates("nope", 0.0, 10)).isEmpty();

        records.on(new LifecycleChangedEvent("s-2", EntityType.SUPPLIER, LifecycleStatus.RETIRED,
                LifecycleStatus.SUSPENDED, "review", STEWARD), 2, T2);
        assertThat(candidates("s-1", 0.0, 10)).extracting(DuplicateCandidate::candidateId).containsExactly("s-2");
    }

    @Test
    void a_shared_tax_id_puts_differently_named_suppliers_in_one_block() {
        SupplierAttributes a = supplier("Northwind Health", BOSTON, "12-3456789");
        SupplierAttributes b = supplier("NW Hospital Supplies", DENVER, "12-3456789");
        register("s-1", a);
        register("s-2", b);

        assertThat(SupplierBlocking.keys(a)).containsExactly("N|nort", "P|US|02139", "I|TAX_ID|12-3456789");
        assertThat(blocking.members(List.of("I|TAX_ID|12-3456789"))).containsExactly("s-1", "s-2");
        assertThat(candidates("s-1", 0.0, 10)).extracting(DuplicateCandidate::candidateId).containsExactly("s-2");
    }

    @Test
    void a_renamed_supplier_moves_to_its_new_blocks_and_redelivery_changes_nothing() {
        register("s-1", supplier("Acme Medical Inc.", BOSTON, null));
        register("s-2", supplier("Acme Medical", DENVER, null));
        assertThat(blocking.members(List.of("N|acme"))).containsExactly("s-1", "s-2");
        var renamed = new RecordChangedEvent("s-2", EntityType.SUPPLIER, erp("V-s-2", 2), List.of("legalName"),
                SupplierAttributes.named("Omega Devices"), SupplierAttributes.named("Acme Medical"), ERP_CLIENT);
        records.on(renamed, 1, T2);
        records.on(renamed, 1, T2);
        register("s-2", supplier("Acme Medical", DENVER, null));

        assertThat(blocking.members(List.of("N|acme"))).containsExactly("s-1");
        assertThat(blocking.members(List.of("N|omeg", "P|US|80202"))).containsExactly("s-2");
        assertThat(candidates("s-1", 0.0, 10)).isEmpty();
    }

    @Test
    void a_block_too_large_to_tell_anything_is_left_out() {
        models.close();
        start(2);
        register("s-1", supplier("Acme Medical Inc.", BOSTON, null));
        register("s-2", supplier("ACME Medical LLC", DENVER, null));
        register("s-3", supplier("Acme Medical Corp", new Address(null, null, null, null, "99501", "US"), null));

        assertThat(blocking.members(List.of("N|acme"))).as("3 suppliers in a block of at most 2").isEmpty();
        // marked full, its member list dropped: later writes of large blocks cost nothing
        assertThat(models.blocks().blocks(List.of("N|acme")))
                .containsExactly(new SupplierBlocks.Block(List.of(), true));
        register("s-4", supplier("Acme Medical Partners", new Address(null, null, null, null, "10001", "US"), null));
        assertThat(blocking.members(List.of("N|acme"))).isEmpty();
        assertThat(candidates("s-1", 0.0, 10)).isEmpty();
        assertThat(candidates(null, 0.0, 10)).isEmpty();
    }

    @Test
    void all_candidates_lists_each_pair_once_even_when_it_shares_several_blocks() {
        SupplierAttributes acme = supplier("Acme Medical Inc.", BOSTON, null);
        SupplierAttributes acmeLlc = supplier("ACME Medical LLC", BOSTON_SHORT, null);
        register("s-1", acme);
        register("s-2", acmeLlc);
        register("s-3", supplier("Globex Surgical", DENVER, null));
        register("s-4", supplier("Globex Surgical Inc", DENVER, null));
        register("s-5", supplier("Initech Labs", DENVER, null));

        List<DuplicateCandidate> all = candidates(null, SupplierSimilarity.THRESHOLD, 50);

        assertThat(all).extracting(c -> c.recordId() + "~" + c.candidateId()).containsExactlyInAnyOrder("s-1~s-2",
                "s-3~s-4");
        assertThat(all).extracting(DuplicateCandidate::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(candidates(null, SupplierSimilarity.THRESHOLD, 1)).hasSize(1);
    }

    @Test
    void other_record_types_have_no_candidates_yet() {
        register("s-1", supplier("Acme Medical Inc.", BOSTON, null));
        assertThat(queries.handle(new DuplicateCandidatesQuery(EntityType.ITEM, null, 0.0, 10))).isEmpty();
        assertThat(queries.handle(new DuplicateCandidatesQuery(EntityType.LOCATION, "s-1", 0.0, 10))).isEmpty();
    }

    @Test
    void a_reset_clears_the_blocks() {
        register("s-1", supplier("Acme Medical Inc.", BOSTON, null));
        records.reset();
        assertThat(blocking.members(List.of("N|acme"))).isEmpty();
    }
}
