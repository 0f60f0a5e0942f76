package io.mdg.rules.decision;

import java.util.List;

/**
 * What a decision on a golden record comes to: the events to apply (in order; none when nothing changes) and the
 * answer to whoever asked, or a refusal of the whole request (then no events).
 *
 * @param <A> the type of the answer
 */
public record Decision<A>(List<Object> events, A answer, Refusal refusal) {

    public Decision {
        events = List.copyOf(events);
        if (refusal != null && !events.isEmpty()) {
            throw new IllegalArgumentException("a refused request changes nothing");
        }
    }

    public static <A> Decision<A> of(List<Object> events, A answer) {
        return new Decision<>(events, answer, null);
    }

    public static <A> Decision<A> refused(Refusal refusal) {
        return new Decision<>(List.of(), null, refusal);
    }

    public boolean isRefused() {
        return refusal != null;
    }
}
