package io.mdg.rules.access;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.mdg.api.EntityType;

/**
 * Who may read and change what through the API, by the identity provider's realm roles (the rules file's
 * {@code access:} section and each entity type's {@code approverRole}). The stewards of a domain (its approver role)
 * read every record, change their own domain's records and see the verification notes on them; besides them,
 * {@code readers} read golden records, lineage, history, change requests and the audit trail, {@code
 * bankAccountReaders} see bank accounts in full (everyone else sees them masked) and {@code noteReaders} see every
 * domain's verification notes. Consumers of golden records (downstream systems, by their identity provider's client)
 * receive bank accounts in full only when {@code bankAccountConsumers} names their client; others receive them masked.
 * The roles that approve a step of a type's change requests besides its stewards ({@code deciderRoles}, e.g. a
 * finance controller who releases suppliers' bank changes) read golden records and change requests, and see the
 * verification notes of that type, but change no records.
 *
 * @param stewardRoles       each entity type's steward (approver) role
 * @param readers            roles, besides the stewards', that read golden records
 * @param bankAccountReaders roles that see bank accounts in full
 * @param noteReaders        roles, besides a domain's stewards, that see its verification notes
 * @param bankAccountConsumers client ids of the consumers that receive bank accounts in full
 * @param deciderRoles       each entity type's roles that approve a step of its change requests (its steward role and
 *                           the roles its rules' approval steps name)
 */
public record AccessRules(Map<EntityType, String> stewardRoles, Set<String> readers, Set<String> bankAccountReaders,
                          Set<String> noteReaders, Set<String> bankAccountConsumers,
                          Map<EntityType, Set<String>> deciderRoles) {

    /** Access rules where only each type's steward role decides its change requests. */
    public AccessRules(Map<EntityType, String> stewardRoles, Set<String> readers, Set<String> bankAccountReaders,
                       Set<String> noteReaders, Set<String> bankAccountConsumers) {
        this(stewardRoles, readers, bankAccountReaders, noteReaders, bankAccountConsumers, Map.of());
    }

    public AccessRules {
        Objects.requireNonNull(stewardRoles, "stewardRoles");
        for (EntityType type : EntityType.values()) {
            if (stewardRoles.get(type) == null) {
                throw new IllegalArgumentException("no steward role for " + type);
            }
        }
        stewardRoles = java.util.Collections.unmodifiableMap(new EnumMap<>(stewardRoles));
        readers = Set.copyOf(readers);
        bankAccountReaders = Set.copyOf(bankAccountReaders);
        noteReaders = Set.copyOf(noteReaders);
        bankAccountConsumers = Set.copyOf(bankAccountConsumers);
        Map<EntityType, Set<String>> deciders = new EnumMap<>(EntityType.class);
        for (EntityType type : EntityType.values()) {
            Set<String> roles = new LinkedHashSet<>();
            roles.add(stewardRoles.get(type));
            if (deciderRoles != null && deciderRoles.get(type) != null) {
                roles.addAll(deciderRoles.get(type));
            }
            deciders.put(type, Set.copyOf(roles));
        }
        deciderRoles = java.util.Collections.unmodifiableMap(deciders);
    }

    /** Whether a caller with these roles approves some step of change requests of the type (or of any type). */
    public boolean decides(Collection<String> roles, EntityType type) {
        return roles.stream().anyMatch(role -> type == null
                ? deciderRoles.values().stream().anyMatch(set -> set.contains(role))
                : deciderRoles.get(type).contains(role));
    }

    /** The steward role of a record type's domain: the only role that changes its records and decides its requests. */
    public String stewardRole(EntityType type) {
        return stewardRoles.get(type);
    }

    /** Every role that reads golden records: the readers, the stewards and the step approvers of every domain. */
    public Set<String> allReaderRoles() {
        Set<String> all = new LinkedHashSet<>(readers);
        all.addAll(stewardRoles.values());
        deciderRoles.values().forEach(all::addAll);
        return Set.copyOf(all);
    }

    /** Whether a caller with these roles reads golden records. */
    public boolean reads(Collection<String> roles) {
        return roles.stream().anyMatch(role -> readers.contains(role) || stewardRoles.containsValue(role))
                || decides(roles, null);
    }

    /** Whether a caller with these roles is a steward of some domain. */
    public boolean stewards(Collection<String> roles) {
        return roles.stream().anyMatch(stewardRoles::containsValue);
    }

    /** Whether a caller with these roles sees bank accounts in full. */
    public boolean seesBankAccounts(Collection<String> roles) {
        return roles.stream().anyMatch(bankAccountReaders::contains);
    }

    /** Whether a caller with these roles sees the verification notes on a record of this type. */
    public boolean seesNotes(Collection<String> roles, EntityType type) {
        String steward = type == null ? null : stewardRoles.get(type);
        return roles.stream().anyMatch(role -> noteReaders.contains(role) || role.equals(steward))
                || type != null && decides(roles, type);
    }

    /** Whether the consumer authenticating as this client receives bank accounts in full. */
    public boolean deliversBankAccounts(String clientId) {
        return clientId != null && bankAccountConsumers.contains(clientId);
    }
}
