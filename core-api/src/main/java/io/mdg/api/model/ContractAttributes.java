package io.mdg.api.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.mdg.api.EntityType;

/**
 * A purchasing contract.
 *
 * @param contractNumber the contract number, unique per supplier
 * @param supplier       the supplier, a supplier golden record
 * @param contractType   GPO or local
 * @param tier           the price tier the network is on (e.g. {@code TIER-2})
 * @param effectiveFrom  first day the contract applies
 * @param effectiveTo    last day the contract applies
 * @param lines          the prices
 */
public record ContractAttributes(String contractNumber, Ref supplier, ContractType contractType, String tier,
                                 LocalDate effectiveFrom, LocalDate effectiveTo, List<ContractLine> lines)
        implements MasterAttributes {

    @Override
    public EntityType entityType() {
        return EntityType.CONTRACT;
    }

    @Override
    public List<Ref> references() {
        List<Ref> refs = new ArrayList<>();
        if (supplier != null) {
            refs.add(supplier);
        }
        if (lines != null) {
            for (ContractLine line : lines) {
                if (line != null && line.item() != null) {
                    refs.add(line.item());
                }
            }
        }
        return refs;
    }

    @Override
    public ContractAttributes resolveReferences(ReferenceResolver resolver) {
        List<ContractLine> resolvedLines = null;
        if (lines != null) {
            resolvedLines = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                ContractLine l = lines.get(i);
                resolvedLines.add(l == null || l.item() == null ? l
                        : l.withItem(resolver.resolve("lines[" + i + "].item", EntityType.ITEM, l.item())));
            }
        }
        return new ContractAttributes(contractNumber,
                supplier == null ? null : resolver.resolve("supplier", EntityType.SUPPLIER, supplier),
                contractType, tier, effectiveFrom, effectiveTo, resolvedLines);
    }
}
