package io.mdg.graphql.settings;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The edge's own settings ({@code mdg.edge.*}), defined once and handed to every reader, controller and sender that
 * needs them.
 *
 * @param timeout             how long the edge waits for a command's or a query's answer
 * @param readAfterWriteWait  after a steward's lifecycle change or merge, how long to wait for the read model before
 *                            answering
 * @param dispatchThreads     threads that send the entries of a batch or a file import concurrently
 */
@ConfigurationProperties("mdg.edge")
public record EdgeSettings(@DefaultValue("10s") Duration timeout, @DefaultValue("2s") Duration readAfterWriteWait,
                           @DefaultValue("16") int dispatchThreads) {

    public EdgeSettings {
        if (timeout.isNegative() || timeout.isZero() || readAfterWriteWait.isNegative() || dispatchThreads < 1) {
            throw new IllegalArgumentException("invalid mdg.edge settings: timeout " + timeout
                    + ", read-after-write-wait " + readAfterWriteWait + ", dispatch-threads " + dispatchThreads);
        }
    }
}
