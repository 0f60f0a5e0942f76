package io.mdg.graphql.duplicates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

import io.mdg.api.EntityType;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.record.RecordView;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.hygiene.RequestSizes;
import io.mdg.graphql.record.MasterRecordNode;
import io.mdg.graphql.record.RecordReader;
import io.mdg.graphql.security.Roles;
import reactor.core.publisher.Mono;

/** Duplicate candidates for stewards to review: the query and the records of each pair (loaded in batches). */
@Controller
@Profile("edge")
public class DuplicateCandidateController {

    private final RecordReader reader;
    private final RequestSizes sizes;

    public DuplicateCandidateController(RecordReader reader, RequestSizes sizes) {
        this.reader = reader;
        this.sizes = sizes;
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<List<DuplicateCandidateNode>> duplicateCandidates(@Argument EntityType type,
                                                                               @Argument String recordId,
                                                                               @Argument Double minScore,
                                                                               @Argument Integer first) {
        EntityType recordType = type == null ? EntityType.SUPPLIER : type;
        if (minScore != null && (minScore < 0 || minScore > 1)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "minScore must be between 0 and 1");
        }
        int limit = sizes.pageSize(first);
        return reader.duplicates(recordType, recordId, minScore, limit).thenApply(found -> found.stream()
                .map(c -> new DuplicateCandidateNode(recordType, c.recordId(), c.candidateId(), c.score(),
                        c.reasons() == null ? List.of() : c.reasons()))
                .toList());
    }

    @BatchMapping(typeName = "DuplicateCandidate", field = "record")
    public Mono<Map<DuplicateCandidateNode, MasterRecordNode>> record(List<DuplicateCandidateNode> pairs) {
        return resolve(pairs, DuplicateCandidateNode::recordId);
    }

    @BatchMapping(typeName = "DuplicateCandidate", field = "candidate")
    public Mono<Map<DuplicateCandidateNode, MasterRecordNode>> candidate(List<DuplicateCandidateNode> pairs) {
        return resolve(pairs, DuplicateCandidateNode::candidateId);
    }

    private Mono<Map<DuplicateCandidateNode, MasterRecordNode>> resolve(List<DuplicateCandidateNode> pairs,
                                                                       Function<DuplicateCandidateNode, String> idOf) {
        Map<EntityType, List<String>> idsByType = new LinkedHashMap<>();
        pairs.forEach(p -> idsByType.computeIfAbsent(p.type(), t -> new ArrayList<>()).add(idOf.apply(p)));
        Map<EntityType, CompletableFuture<Map<String, RecordView>>> loads = new LinkedHashMap<>();
        idsByType.forEach((type, ids) -> loads.put(type, reader.findAll(type, ids)));
        return Mono.fromFuture(CompletableFuture.allOf(loads.values().toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    Map<DuplicateCandidateNode, MasterRecordNode> result = new LinkedHashMap<>();
                    for (DuplicateCandidateNode pair : pairs) {
                        RecordView view = loads.get(pair.type()).join().get(idOf.apply(pair));
                        if (view != null) {
                            result.put(pair, MasterRecordNode.of(view));
                        }
                    }
                    return result;
                }));
    }
}
