package io.mdg.rules.file;

import java.time.Instant;
import java.util.Objects;

/**
 * Rules as adopted or approved: in force from {@code effectiveFrom} until the next version's.
 *
 * @param content       the rules, their declared version and hash
 * @param effectiveFrom from when decisions are taken by them
 */
public record RulesVersion(RulesContent content, Instant effectiveFrom) {

    public RulesVersion {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    }

    /** The declared version. */
    public String version() {
        return content.version();
    }

    /** The content hash. */
    public String hash() {
        return content.hash();
    }

    /** The rules. */
    public RulesFile rules() {
        return content.rules();
    }
}
