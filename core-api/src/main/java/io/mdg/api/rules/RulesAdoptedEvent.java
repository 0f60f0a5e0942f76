package io.mdg.api.rules;

import java.time.Instant;

import io.mdg.api.Actor;

/**
 * The very first rules were adopted (the rules file, or the shipped default, at the first start of the service), in
 * force from {@code effectiveFrom}.
 *
 * @param text    the YAML text
 * @param version the version it declares
 * @param hash    the SHA-256 of its canonical content
 * @param origin  where it was read from
 */
public record RulesAdoptedEvent(String rulesId, String text, String version, String hash, String origin,
                                Instant effectiveFrom, Actor actor) {
}
