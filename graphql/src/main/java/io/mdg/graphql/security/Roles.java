package io.mdg.graphql.security;

import java.util.Set;

import io.mdg.api.EntityType;

/** Realm roles of the identity provider, as Spring authorities ({@code ROLE_} + role name). */
public final class Roles {

    public static final String SOURCE_SYSTEM = "source-system";
    public static final String SUPPLIER_STEWARD = "supplier-steward";
    public static final String ITEM_STEWARD = "item-steward";
    public static final String CONTRACT_STEWARD = "contract-steward";
    public static final String LOCATION_STEWARD = "location-steward";
    public static final String AUDITOR = "auditor";
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";

    /** Roles that may read golden records. */
    public static final Set<String> READER_ROLES = Set.of(ANALYST, AUDITOR, SUPPLIER_STEWARD, ITEM_STEWARD,
            CONTRACT_STEWARD, LOCATION_STEWARD, ADMIN);

    /** Roles that see bank accounts in full; everyone else sees them masked. */
    public static final Set<String> BANK_ACCOUNT_READERS = Set.of(SUPPLIER_STEWARD, AUDITOR);

    /** SpEL for {@code @PreAuthorize}: anyone who may read golden records. */
    public static final String READERS = "hasAnyRole('analyst','auditor','supplier-steward','item-steward',"
            + "'contract-steward','location-steward','admin')";
    /** SpEL for {@code @PreAuthorize}: a source-system client. */
    public static final String SOURCE_CLIENT = "hasRole('source-system')";
    /** SpEL for {@code @PreAuthorize}: a steward of any domain (the domain is checked with {@link #stewardOf}). */
    public static final String STEWARDS = "hasAnyRole('supplier-steward','item-steward','contract-steward',"
            + "'location-steward')";

    private Roles() {
    }

    /** The steward role of a record type's domain. */
    public static String stewardOf(EntityType type) {
        return switch (type) {
            case SUPPLIER -> SUPPLIER_STEWARD;
            case ITEM -> ITEM_STEWARD;
            case CONTRACT -> CONTRACT_STEWARD;
            case LOCATION -> LOCATION_STEWARD;
        };
    }
}
