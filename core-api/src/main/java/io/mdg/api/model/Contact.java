package io.mdg.api.model;

/** A named contact at a supplier (e.g. sales, customer service, recall notices). */
public record Contact(String name, String role, String email, String phone) {
}
