package io.mdg.rules.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The governance rules are pure Java policy: no framework may creep in. */
@AnalyzeClasses(packages = "io.mdg.rules", importOptions = ImportOption.DoNotIncludeTests.class)
class RulesArchitectureTest {

    @ArchTest
    static final ArchRule rules_are_free_of_spring_and_axon = noClasses()
            .that().resideInAPackage("io.mdg.rules..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                    "com.mongodb..", "jakarta.persistence..", "io.mdg.command..", "io.mdg.query..",
                    "io.mdg.graphql..");
}
