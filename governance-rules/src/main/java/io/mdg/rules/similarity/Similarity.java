package io.mdg.rules.similarity;

import java.util.List;

/**
 * How much two records look like the same thing: a score in [0, 1] and the short, human-readable reasons a steward
 * reads (e.g. {@code "similar legal name 0.93"}, {@code "same postal code 02139"}).
 */
public record Similarity(double score, List<String> reasons) {

    public Similarity {
        if (Double.isNaN(score) || score < 0 || score > 1) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
