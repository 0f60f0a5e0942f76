package io.mdg.graphql.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The edge talks to the rest of the product only through core-api messages and Axon's gateways: it depends on
 * nothing but the message contract, the rules file's access rules and request limits (io.mdg.rules.access) as in force now
 * (io.mdg.rules.InForce), Spring, graphql-java, Axon's messaging API, Jackson, Reactor, Micrometer's
 * context propagation (the correlation id in data fetchers),
 * Caffeine (bounded caches) and the JDK.
 */
@AnalyzeClasses(packages = "io.mdg.graphql", importOptions = ImportOption.DoNotIncludeTests.class)
class EdgeArchitectureTest {

    @ArchTest
    static final ArchRule the_edge_depends_only_on_the_contract_and_its_frameworks = classes()
            .that().resideInAPackage("io.mdg.graphql..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "io.mdg.graphql..", "io.mdg.api..", "io.mdg.rules.access..",
                    // the rules in force now (io.mdg.rules.InForce), asked at each use
                    "io.mdg.rules", "java..", "jakarta.servlet..",
                    "org.springframework..", "graphql..", "reactor.core..", "reactor.util..", "org.reactivestreams..",
                    "io.micrometer.context..",
                    "org.axonframework.commandhandling..", "org.axonframework.queryhandling..",
                    "org.axonframework.messaging..", "com.fasterxml.jackson..", "org.slf4j..",
                    // the per-caller token buckets (hygiene.CallerLimits)
                    "io.github.bucket4j..",
                    // the bounded caches of verified tokens and parsed documents
                    "com.github.benmanes.caffeine..");
}
