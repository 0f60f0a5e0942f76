package io.mdg.query.quality;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.quality.DataQualityQuery;
import io.mdg.api.quality.DataQualityReport;

/**
 * Answers {@link DataQualityQuery} from a report at most {@code mdg.quality.cache-ttl} old (default 30 s): the
 * report scans whole read models, so a dashboard refreshing every few seconds, or many of them, costs one scan per
 * period. Concurrent askers of an expired report wait for one computation instead of starting their own.
 */
@Component
@Profile("query")
public class DataQualityQueries {

    private final DataQualityCalculator calculator;
    private final Duration ttl;
    private final Clock clock;
    private DataQualityReport cached;
    private Instant expires = Instant.MIN;

    @Autowired
    public DataQualityQueries(DataQualityCalculator calculator, @Value("${mdg.quality.cache-ttl:30s}") Duration ttl) {
        this(calculator, ttl, Clock.systemUTC());
    }

    DataQualityQueries(DataQualityCalculator calculator, Duration ttl, Clock clock) {
        this.calculator = calculator;
        this.ttl = ttl;
        this.clock = clock;
    }

    @QueryHandler
    public synchronized DataQualityReport handle(DataQualityQuery query) {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(expires)) {
            cached = calculator.compute();
            expires = now.plus(ttl);
        }
        return cached;
    }
}
