package io.mdg.app.realm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The realm file's reader is ./mdg's: it runs from the service jar each time the realm file changes, before anything
 * else, so it stays small (Jackson and the JDK, no Spring, nothing of the product) and nothing in the service uses it.
 */
@AnalyzeClasses(packages = "io.mdg", importOptions = ImportOption.DoNotIncludeTests.class)
class RealmReaderArchitectureTest {

    @ArchTest
    static final ArchRule the_realm_reader_needs_only_jackson_and_the_jdk = classes()
            .that().resideInAPackage("io.mdg.app.realm..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.mdg.app.realm..", "java..",
                    "com.fasterxml.jackson.core..", "com.fasterxml.jackson.databind..");

    @ArchTest
    static final ArchRule nothing_in_the_service_uses_the_realm_reader = noClasses()
            .that().resideOutsideOfPackage("io.mdg.app.realm..")
            .should().dependOnClassesThat().resideInAPackage("io.mdg.app.realm..");
}
