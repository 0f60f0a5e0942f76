package io.mdg.api.model;

import java.util.List;

import io.mdg.api.EntityType;

/**
 * An item (a product the network buys and uses).
 *
 * @param description            the item's description
 * @param manufacturer           the manufacturer, a supplier golden record
 * @param manufacturerPartNumber the manufacturer's catalogue number
 * @param udiDi                  the UDI device identifier (implants need one)
 * @param udiAgency              the agency that issued {@code udiDi}
 * @param hibcCode               HIBC primary code including its check character
 * @param unspsc                 UNSPSC code, 8 digits, commodity level for purchasable items
 * @param itemClass              clinical and handling class
 * @param packaging              packaging hierarchy with a GTIN per level
 * @param sterile                regulatory flag
 * @param latex                  contains natural rubber latex
 * @param implantable            implantable device
 * @param mriSafety              MRI safety labelling
 */
public record ItemAttributes(String description, Ref manufacturer, String manufacturerPartNumber, String udiDi,
                             UdiAgency udiAgency, String hibcCode, String unspsc, ItemClass itemClass,
                             List<PackagingLevel> packaging, Boolean sterile, Boolean latex, Boolean implantable,
                             MriSafety mriSafety) implements MasterAttributes {

    public static ItemAttributes described(String description) {
        return new ItemAttributes(description, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public EntityType entityType() {
        return EntityType.ITEM;
    }

    @Override
    public List<Ref> references() {
        return manufacturer == null ? List.of() : List.of(manufacturer);
    }

    @Override
    public ItemAttributes resolveReferences(ReferenceResolver resolver) {
        return manufacturer == null ? this : new ItemAttributes(description, resolver.resolve("manufacturer", EntityType.SUPPLIER, manufacturer),
                manufacturerPartNumber, udiDi, udiAgency, hibcCode, unspsc, itemClass, packaging, sterile, latex,
                implantable, mriSafety);
    }
}
