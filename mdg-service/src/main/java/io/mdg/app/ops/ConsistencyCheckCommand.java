package io.mdg.app.ops;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.ops.ConsistencyDifference;
import io.mdg.api.ops.ConsistencyReport;
import io.mdg.query.ops.ConsistencyChecker;

/**
 * The consistency check from the command line: {@code java -jar mdg-service.jar --mdg.check-consistency} starts the
 * service, runs the check once its read models have caught up (the checker waits for that), prints the report and
 * exits with 0 when the golden records are what the events say, 1 otherwise (2 when the check itself failed).
 */
@Component
@Profile("query")
@ConditionalOnProperty(name = "mdg.check-consistency", havingValue = "true")
public class ConsistencyCheckCommand implements ApplicationRunner {

    private final ConsistencyChecker checker;
    private final ConfigurableApplicationContext context;

    public ConsistencyCheckCommand(ConsistencyChecker checker, ConfigurableApplicationContext context) {
        this.checker = checker;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        int code;
        try {
            ConsistencyReport report = checker.check(10_000);
            System.out.printf("Consistency check: %d events replayed, %d records compared, %d skipped, "
                            + "%d difference(s)%n", report.eventsReplayed(), report.recordsCompared(),
                    report.recordsSkipped(), report.differenceCount());
            for (ConsistencyDifference difference : report.differences()) {
                System.out.printf("  %s %s %s: %s%n", difference.type(), difference.recordId(), difference.field(),
                        difference.kind());
            }
            code = report.consistent() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("Consistency check failed: " + e);
            code = 2;
        }
        int exit = code;
        System.exit(SpringApplication.exit(context, () -> exit));
    }
}
