package io.mdg.graphql.changerequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.EntityType;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.DecisionView;
import io.mdg.api.changerequest.ListChangeRequestsQuery;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.MasterAttributes;
import io.mdg.graphql.hygiene.RequestSizes;
import io.mdg.graphql.record.ContractNode;
import io.mdg.graphql.record.ItemNode;
import io.mdg.graphql.record.LocationNode;
import io.mdg.graphql.record.MasterRecordNode;
import io.mdg.graphql.record.RecordReader;
import io.mdg.graphql.record.SupplierNode;
import io.mdg.graphql.security.Access;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.security.SensitiveReads;
import reactor.core.publisher.Mono;

/**
 * Fields of change requests that need more than the view: the golden record (batch-loaded per request and type),
 * the proposed and before values as compact JSON (bank accounts masked unless the caller may see them), the
 * decisions (verification notes only for the domain's stewards and auditors), and the change requests of a record.
 */
@Controller
@Profile("edge")
public class ChangeRequestFields {

    private final RecordReader records;
    private final ChangeRequestReader reader;
    private final ObjectMapper json;
    private final Access access;
    private final RequestSizes sizes;

    private final SensitiveReads sensitiveReads;

    public ChangeRequestFields(RecordReader records, ChangeRequestReader reader, ObjectMapper json, Access access,
                               RequestSizes sizes, SensitiveReads sensitiveReads) {
        this.sensitiveReads = sensitiveReads;
        this.records = records;
        this.access = access;
        this.sizes = sizes;
        this.reader = reader;
        this.json = json.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    @BatchMapping(typeName = "ChangeRequest", field = "record")
    public Mono<Map<ChangeRequestView, MasterRecordNode>> record(List<ChangeRequestView> requests) {
        Map<EntityType, List<String>> idsByType = new LinkedHashMap<>();
        for (ChangeRequestView request : requests) {
            idsByType.computeIfAbsent(request.type(), t -> new ArrayList<>()).add(request.recordId());
        }
        Map<EntityType, CompletableFuture<Map<String, io.mdg.api.record.RecordView>>> loads = new LinkedHashMap<>();
        idsByType.forEach((type, ids) -> loads.put(type, records.findAll(type, ids)));
        return Mono.fromFuture(CompletableFuture.allOf(loads.values().toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    Map<ChangeRequestView, MasterRecordNode> result = new LinkedHashMap<>();
                    for (ChangeRequestView request : requests) {
                        var found = loads.get(request.type()).join().get(request.recordId());
                        if (found != null) {
                            result.put(request, MasterRecordNode.of(found));
                        }
                    }
                    return result;
                }));
    }

    @SchemaMapping(typeName = "ChangeRequest", field = "changes")
    public List<AttributeChange> changes(ChangeRequestView request, Authentication authentication) {
        boolean fullBank = sees(authentication, access::seesBankAccounts);
        if (fullBank && request.attributes() != null && request.attributes().contains("bankAccount")) {
            sensitiveReads.shown(Caller.from(authentication), request.type(), request.recordId(),
                    "changeRequest.bankAccount");
        }
        List<AttributeChange> changes = new ArrayList<>();
        for (String attribute : request.attributes() == null ? List.<String>of() : request.attributes()) {
            changes.add(new AttributeChange(attribute, render(request.before(), attribute, fullBank),
                    render(request.proposed(), attribute, fullBank)));
        }
        return changes;
    }

    @SchemaMapping(typeName = "ChangeRequest", field = "decisions")
    public List<DecisionView> decisions(ChangeRequestView request, Authentication authentication) {
        List<DecisionView> decisions = request.decisions() == null ? List.of() : request.decisions();
        boolean notes = sees(authentication, c -> access.seesNotes(c, request.type()));
        if (notes) {
            return decisions;
        }
        return decisions.stream().map(d -> new DecisionView(d.kind(), d.actor(), d.at(), d.comment(), null,
                d.correlationId(), d.step(), d.onBehalfOf())).toList();
    }

    @SchemaMapping(typeName = "Supplier", field = "changeRequests")
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<List<ChangeRequestView>> supplierChangeRequests(SupplierNode record,
                                                                             @Argument ChangeRequestStatus status) {
        return ofRecord(record.id(), status);
    }

    @SchemaMapping(typeName = "Item", field = "changeRequests")
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<List<ChangeRequestView>> itemChangeRequests(ItemNode record,
                                                                         @Argument ChangeRequestStatus status) {
        return ofRecord(record.id(), status);
    }

    @SchemaMapping(typeName = "Contract", field = "changeRequests")
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<List<ChangeRequestView>> contractChangeRequests(ContractNode record,
                                                                             @Argument ChangeRequestStatus status) {
        return ofRecord(record.id(), status);
    }

    @SchemaMapping(typeName = "Location", field = "changeRequests")
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<List<ChangeRequestView>> locationChangeRequests(LocationNode record,
                                                                             @Argument ChangeRequestStatus status) {
        return ofRecord(record.id(), status);
    }

    private CompletableFuture<List<ChangeRequestView>> ofRecord(String recordId, ChangeRequestStatus status) {
        return reader.list(new ListChangeRequestsQuery(status, null, null, recordId, null, null, null,
                sizes.maxPage()));
    }

    /** One attribute's value as compact JSON, bank accounts masked unless {@code fullBank}; null without a value. */
    private String render(MasterAttributes attributes, String attribute, boolean fullBank) {
        if (attributes == null) {
            return null;
        }
        Object value = Attributes.value(attributes, attribute);
        if (value == null) {
            return null;
        }
        if (value instanceof BankAccount account && !fullBank) {
            value = account.masked();
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render attribute " + attribute, e);
        }
    }

    private static boolean sees(Authentication authentication, java.util.function.Predicate<Caller> right) {
        try {
            return authentication != null && right.test(Caller.from(authentication));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
