package io.mdg.api.consumer;

/** A command to one consumer registration, handled by the registration itself: routed by {@link #consumerId()}. */
public interface ConsumerCommand {

    /** The consumer the command is for. */
    String consumerId();
}
