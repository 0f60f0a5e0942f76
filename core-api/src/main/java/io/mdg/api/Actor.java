package io.mdg.api;

import java.util.Objects;

/**
 * Who caused a change: a source-system client (client credentials) or a person (a user of the identity provider).
 * Taken from the authenticated token at the edge.
 *
 * @param type   whether this is a system client or a user
 * @param name   the client id (e.g. {@code erp}) or the user name (e.g. {@code sam.supplier})
 */
public record Actor(ActorType type, String name) {

    public enum ActorType { CLIENT, USER, SYSTEM }

    public Actor {
        Objects.requireNonNull(type, "actor type");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("actor name must not be blank");
        }
    }

    public static Actor client(String clientId) {
        return new Actor(ActorType.CLIENT, clientId);
    }

    public static Actor user(String username) {
        return new Actor(ActorType.USER, username);
    }

    @Override
    public String toString() {
        return type.name().toLowerCase() + ":" + name;
    }
}
