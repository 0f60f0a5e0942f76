package io.mdg.graphql.record;

import java.util.ArrayList;
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
import io.mdg.graphql.security.Access;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.SensitiveReads;
import reactor.core.publisher.Mono;

/**
 * Fields of golden records that need more than the record itself: references to other golden records and a
 * location's children, loaded in one batch per field and GraphQL level (no N+1: a page of 50 contracts with their
 * suppliers and their lines' items costs one query per level, each one store round trip), and the bank account,
 * shown in full only to callers with the right to see it.
 */
@Controller
@Profile("edge")
public class ReferenceController {

    private final RecordReader reader;
    private final Access access;

    private final SensitiveReads sensitiveReads;

    public ReferenceController(RecordReader reader, Access access, SensitiveReads sensitiveReads) {
        this.sensitiveReads = sensitiveReads;
        this.reader = reader;
        this.access = access;
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

    /** The children of every location of the level, in one query; a location without children has an empty list. */
    @BatchMapping(typeName = "Location", field = "children")
    public Mono<Map<LocationNode, List<LocationNode>>> children(List<LocationNode> locations) {
        List<String> ids = locations.stream().map(LocationNode::id).toList();
        return Mono.fromFuture(reader.children(ids).thenApply(found -> {
            Map<String, List<LocationNode>> byParent = new LinkedHashMap<>();
            for (var view : found) {
                if (MasterRecordNode.of(view) instanceof LocationNode child && child.parentId() != null) {
                    byParent.computeIfAbsent(child.parentId(), p -> new ArrayList<>()).add(child);
                }
            }
            Map<LocationNode, List<LocationNode>> result = new LinkedHashMap<>();
            for (LocationNode location : locations) {
                result.put(location, byParent.getOrDefault(location.id(), List.of()));
            }
            return result;
        }));
    }

    /**
     * The bank account in full for those the access rules let see it (each such read logged: {@code SensitiveReads}),
     * masked for everyone else (and when in doubt).
     */
    @SchemaMapping(typeName = "Supplier", field = "bankAccount")
    public BankAccount bankAccount(SupplierNode supplier, Authentication authentication) {
        BankAccount account = supplier.bankAccount();
        if (account == null) {
            return null;
        }
        Caller caller;
        try {
            caller = authentication == null ? null : Caller.from(authentication);
        } catch (RuntimeException e) {
            caller = null;
        }
        if (caller == null || !access.seesBankAccounts(caller)) {
            return account.masked();
        }
        sensitiveReads.shown(caller, io.mdg.api.EntityType.SUPPLIER, supplier.id(), "bankAccount");
        return account;
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
