package io.mdg.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The master-data governance service. One jar runs the command side, the query side and the GraphQL edge together
 * (the default) or each alone (profiles {@code command}, {@code query}, {@code edge}) behind Axon Server.
 */
@SpringBootApplication(scanBasePackages = "io.mdg")
public class MdgApplication {

    public static void main(String[] args) {
        // The machines this runs on may have no internet: never phone home (a Spring property is too late for this).
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(MdgApplication.class, args);
    }
}
