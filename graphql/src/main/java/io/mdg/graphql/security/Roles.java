package io.mdg.graphql.security;

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
    public static final java.util.Set<String> READER_ROLES = java.util.Set.of(ANALYST, AUDITOR, SUPPLIER_STEWARD,
            ITEM_STEWARD, CONTRACT_STEWARD, LOCATION_STEWARD);

    /** SpEL for {@code @PreAuthorize}: anyone who may read golden records. */
    public static final String READERS = "hasAnyRole('analyst','auditor','supplier-steward','item-steward',"
            + "'contract-steward','location-steward')";
    /** SpEL for {@code @PreAuthorize}: a source-system client. */
    public static final String SOURCE_CLIENT = "hasRole('source-system')";

    private Roles() {
    }
}
