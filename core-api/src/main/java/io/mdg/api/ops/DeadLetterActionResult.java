package io.mdg.api.ops;

/**
 * What a retry or an eviction did.
 *
 * @param processingGroup the group
 * @param attempted       sequences retried (or letters evicted)
 * @param succeeded       sequences whose letters all went through (or letters evicted)
 * @param remaining       letters still parked in the group afterwards
 */
public record DeadLetterActionResult(String processingGroup, int attempted, int succeeded, long remaining) {
}
