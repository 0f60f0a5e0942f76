package io.mdg.distribution.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Webhook delivery is a plain-Java building block: the JDK, Standard Webhooks' library and the endpoint rule, no
 * Spring, no Axon, nothing else of the service.
 */
@AnalyzeClasses(packages = "io.mdg.distribution", importOptions = ImportOption.DoNotIncludeTests.class)
class DistributionArchitectureTest {

    @ArchTest
    static final ArchRule webhook_delivery_depends_only_on_the_jdk_the_library_and_the_endpoint_rule = classes()
            .that().resideInAPackage("io.mdg.distribution.webhook..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.standardwebhooks..",
                    "io.mdg.rules.consumer..", "io.mdg.distribution.webhook..");
}
