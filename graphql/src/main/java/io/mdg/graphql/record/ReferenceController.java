package io.mdg.graphql.record;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.EntityType;
import io.mdg.api.model.BankAccount;
import io.mdg.graphql.security.Caller;
import reactor.core.publisher.Mono;

/**
 * Fields of golden records that need more than the record itself: references to other golden records, loaded in
 * one batch per field and request (no N+1: a page of 500 items asks for each distinct manufacturer once), and the
 * bank account, shown in full only to callers with the right to see it.
 */
@Controller
@Profile("edge")
public class ReferenceController {

    private final RecordReader reader;

    public ReferenceController(RecordReader reader) {
        this.reader = reader;
    }

    @BatchMapping(typeName = "Item", field = "manufacturer")
    public Mono<Map<ItemNode, SupplierNode>> manufacturer(List<ItemNode> items) {
        return resolve(items, ItemNode::manufacturerId, EntityType.SUPPLIER, SupplierNode.class);
    }

    @BatchMapping(typeName = "Contract", field = "supplier")
    public Mono<Map<ContractNode, SupplierNode>> supplier(List<ContractNode> contracts) {
        return resolve(contracts, ContractNode::supplierId, EntityType.SUPPLIER, SupplierNode.class);
    }

    @BatchMapping(typeName = "ContractLine", field = "item")
    public Mono<Map<ContractLineNode, ItemNode>> item(List<ContractLineNode> lines) {
        return resolve(lines, ContractLineNode::itemId, EntityType.ITEM, ItemNode.class);
    }

    @BatchMapping(typeName = "Location", field = "parent")
    public Mono<Map<LocationNode, LocationNode>> parent(List<LocationNode> locations) {
        return resolve(locations, LocationNode::parentId, EntityType.LOCATION, LocationNode.class);
    }

    /** The bank account in full for supplier stewards and auditors, masked for everyone else (and when in doubt). */
    @SchemaMapping(typeName = "Supplier", field = "bankAccount")
    public BankAccount bankAccount(SupplierNode supplier, Authentication authentication) {
        BankAccount account = supplier.bankAccount();
        if (account == null) {
            return null;
        }
        boolean full;
        try {
            full = authentication != null && Caller.from(authentication).seesBankAccounts();
        } catch (RuntimeException e) {
            full = false;
        }
        return full ? account : account.masked();
    }

    private <S, T extends MasterRecordNode> Mono<Map<S, T>> resolve(List<S> sources, Function<S, String> idOf,
                                                                    EntityType type, Class<T> node) {
        List<String> ids = sources.stream().map(idOf).toList();
        return Mono.fromFuture(reader.findAll(type, ids).thenApply(found -> {
            Map<S, T> result = new LinkedHashMap<>();
            for (S source : sources) {
                String id = idOf.apply(source);
                if (id != null && found.containsKey(id)) {
                    MasterRecordNode resolved = MasterRecordNode.of(found.get(id));
                    if (node.isInstance(resolved)) {
                        result.put(source, node.cast(resolved));
                    }
                }
            }
            return result;
        }));
    }
}
