package io.mdg.api.consumer;

/** How a consumer gets its changes: it reads its feed (pull), the service posts them to its endpoint (push), or both. */
public enum ConsumerDelivery {
    PULL, PUSH, BOTH;

    /** Whether changes are posted to the consumer's endpoint. */
    public boolean pushes() {
        return this != PULL;
    }
}
