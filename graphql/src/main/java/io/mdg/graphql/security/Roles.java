package io.mdg.graphql.security;

/**
 * Realm roles of the identity provider (Spring authorities {@code ROLE_} + role name) that the API names itself, and
 * the {@code @PreAuthorize} expressions of the rules file's access rules ({@link Access}). Which roles read records,
 * steward which domain and see bank accounts is the rules file's, not this class's.
 */
public final class Roles {

    public static final String SOURCE_SYSTEM = "source-system";
    public static final String AUDITOR = "auditor";
    public static final String ADMIN = "admin";

    /** SpEL for {@code @PreAuthorize}: anyone who may read golden records. */
    public static final String READERS = "@" + Access.BEAN + ".reads(authentication)";
    /** SpEL for {@code @PreAuthorize}: an admin (operations, consumers). */
    public static final String ADMINS = "hasRole('" + ADMIN + "')";
    /** SpEL for {@code @PreAuthorize}: a source-system client. */
    public static final String SOURCE_CLIENT = "hasRole('" + SOURCE_SYSTEM + "')";
    /** SpEL for {@code @PreAuthorize}: a steward of any domain (the domain is checked with {@link Access#requireStewardOf}). */
    public static final String STEWARDS = "@" + Access.BEAN + ".stewards(authentication)";

    private Roles() {
    }
}
