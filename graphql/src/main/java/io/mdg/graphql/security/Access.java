package io.mdg.graphql.security;

import org.springframework.context.annotation.Profile;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import io.mdg.rules.InForce;
import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.rules.access.AccessRules;

/**
 * The rules file's access rules ({@link AccessRules}) applied to callers: who reads golden records, who is a steward
 * and of which domain, who sees bank accounts in full and verification notes. The bean is named {@value #BEAN} for
 * {@code @PreAuthorize} expressions ({@link Roles#READERS}, {@link Roles#STEWARDS}).
 */
@Component(Access.BEAN)
@Profile("edge")
public class Access {

    public static final String BEAN = "access";

    private final InForce<AccessRules> rules;

    public Access(InForce<AccessRules> rules) {
        this.rules = rules;
    }

    /** For {@code @PreAuthorize}: whether the authenticated caller reads golden records. */
    public boolean reads(Authentication authentication) {
        return authentication != null && rules.now().reads(Caller.rolesOf(authentication));
    }

    /** For {@code @PreAuthorize}: whether the authenticated caller is a steward of some domain. */
    public boolean stewards(Authentication authentication) {
        return authentication != null && rules.now().stewards(Caller.rolesOf(authentication));
    }

    public boolean reads(Caller caller) {
        return rules.now().reads(caller.roles());
    }

    /**
     * The caller as a steward of the record type's domain: a person (not a source client) with that domain's steward
     * role; refused otherwise.
     */
    public Actor requireStewardOf(Caller caller, EntityType type) {
        String role = rules.now().stewardRole(type);
        if (caller.sourceSystem().isPresent() || caller.actor().type() != Actor.ActorType.USER
                || !caller.hasRole(role)) {
            throw new AccessDeniedException("only a " + role + " may change " + type + " records");
        }
        return caller.actor();
    }

    /** Whether the caller sees bank accounts in full; everyone else sees them masked. */
    public boolean seesBankAccounts(Caller caller) {
        return caller != null && rules.now().seesBankAccounts(caller.roles());
    }

    /** Whether the caller sees the verification notes on a record of this type (or of no type). */
    public boolean seesNotes(Caller caller, EntityType type) {
        return caller != null && rules.now().seesNotes(caller.roles(), type);
    }
}
