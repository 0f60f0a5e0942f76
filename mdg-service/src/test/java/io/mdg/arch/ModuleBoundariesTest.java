package io.mdg.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module boundaries of the whole product, checked on the assembled class path. */
@AnalyzeClasses(packages = "io.mdg", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule governance_rules_are_free_of_spring_and_axon = noClasses()
            .that().resideInAPackage("io.mdg.rules..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                    "com.mongodb..", "io.mdg.command..", "io.mdg.query..", "io.mdg.graphql..");

    @ArchTest
    static final ArchRule the_graphql_edge_is_free_of_command_and_query_internals = noClasses()
            .that().resideInAPackage("io.mdg.graphql..")
            .should().dependOnClassesThat().resideInAnyPackage("io.mdg.command..", "io.mdg.query..",
                    "com.mongodb..", "org.springframework.jdbc..");

    @ArchTest
    static final ArchRule the_command_side_does_not_read_the_query_side = noClasses()
            .that().resideInAPackage("io.mdg.command..")
            .should().dependOnClassesThat().resideInAnyPackage("io.mdg.query..", "io.mdg.graphql..");

    @ArchTest
    static final ArchRule the_query_side_does_not_reach_into_the_command_side = noClasses()
            .that().resideInAPackage("io.mdg.query..")
            .should().dependOnClassesThat().resideInAnyPackage("io.mdg.command..", "io.mdg.graphql..",
                    // of the rules, the query side may use the pure functions (similarity for duplicate candidates,
                    // identifier checks for data quality, value normalisation for filters), never the governance
                    // policy (who owns what, risk, approvals): that is decided on the command side only
                    "io.mdg.rules.policy..");

    /**
     * Idempotency keys work for every command and every mutation alike: the command side's store and interceptor know
     * no aggregate or handler, the edge's instrumentation no controller (the commands carry the claim, built by
     * {@code Correlation.command}).
     */
    @ArchTest
    static final ArchRule idempotency_keys_know_no_aggregate_handler_or_controller = noClasses()
            .that().resideInAnyPackage("io.mdg.command.idempotency..", "io.mdg.graphql.idempotency..")
            .should().dependOnClassesThat().resideInAnyPackage("io.mdg.command.changerequest..",
                    "io.mdg.command.consumer..", "io.mdg.command.lookup..", "io.mdg.command.routing..",
                    "io.mdg.graphql.submission..", "io.mdg.graphql.stewardship..", "io.mdg.graphql.changerequest..",
                    "io.mdg.graphql.consumer..", "io.mdg.graphql.ops..", "io.mdg.graphql.importing..",
                    "io.mdg.command.delegation..", "io.mdg.graphql.delegation..");

    @ArchTest
    static final ArchRule only_the_migration_of_earlier_data_directories_uses_h2 = noClasses()
            .that().resideOutsideOfPackage("io.mdg.app.migrate..")
            .should().dependOnClassesThat().resideInAPackage("org.h2..")
            .because("the service stores in PostgreSQL; H2 is kept only to read the event store an earlier release "
                    + "wrote (io.mdg.app.migrate.H2Migration)");

    /**
     * The tamper-evident audit works on the event store's stored rows alone: it needs nothing of the command side,
     * the query side (the audit-trail projection is not the chain) or the edge, so it cannot be bent by them.
     */
    @ArchTest
    static final ArchRule the_audit_chain_depends_on_the_stored_events_alone = noClasses()
            .that().resideInAPackage("io.mdg.app.audit..")
            .should().dependOnClassesThat().resideInAnyPackage("io.mdg.command..", "io.mdg.query..",
                    "io.mdg.graphql..", "io.mdg.rules..");

    /**
     * No package cycles, in any module: e.g. the command side's change-request package sends commands to the golden
     * records, and a record's held change opens its request through an event handler, not a call back.
     */
    @ArchTest
    static final ArchRule packages_do_not_depend_on_each_other_in_cycles = slices()
            .matching("io.mdg.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule the_message_contract_depends_on_almost_nothing = classes()
            .that().resideInAPackage("io.mdg.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.mdg.api..", "java..",
                    "com.fasterxml.jackson.annotation..");

    /** The demo network and the benchmark's records: submissions of the message contract, nothing of the service. */
    @ArchTest
    static final ArchRule the_demo_data_is_made_of_the_contract_alone = classes()
            .that().resideInAPackage("io.mdg.demo.data..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.mdg.demo.data..", "io.mdg.api..",
                    "io.mdg.rules.identifier..", "java..", "com.fasterxml.jackson..");

    /**
     * The realm file's reader is ./mdg's: it runs from the service jar each time the realm file changes, before
     * anything else, so it stays small (Jackson and the JDK, no Spring, nothing of the product) and nothing in the
     * service uses it.
     */
    @ArchTest
    static final ArchRule the_realm_reader_needs_only_jackson_and_the_jdk = classes()
            .that().resideInAPackage("io.mdg.app.realm..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.mdg.app.realm..", "java..",
                    "com.fasterxml.jackson.core..", "com.fasterxml.jackson.databind..");

    /**
     * The person keys (crypto-shredding of contacts) are reached only through the interfaces of the modules that
     * need them ({@code io.mdg.command.personal.PersonIds}, {@code io.mdg.query.crypto.PersonalDataCipher}): no
     * other code opens, makes or erases a person's key.
     */
    @ArchTest
    static final ArchRule the_person_keys_are_reached_through_their_interfaces_only = noClasses()
            .that().resideOutsideOfPackage("io.mdg.app.personal..")
            .should().dependOnClassesThat().resideInAPackage("io.mdg.app.personal..");

    /**
     * Inbound webhooks reach governance only through the edge's submission path ({@code Submissions}, as any GraphQL
     * submission): nothing of the command side's or query side's internals (of the query side, only the cipher
     * interface that seals stored values), no command gateway of their own. Nothing else depends on them.
     */
    @ArchTest
    static final ArchRule inbound_webhooks_submit_through_the_edge_submission_path_only = noClasses()
            .that().resideInAPackage("io.mdg.app.intake..")
            .should().dependOnClassesThat().resideInAnyPackage("io.mdg.command..", "io.mdg.rules.policy..",
                    "org.axonframework.commandhandling.gateway..", "org.axonframework.queryhandling..")
            .orShould().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "query-side classes other than io.mdg.query.crypto",
                    (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("io.mdg.query")
                            && !c.getPackageName().startsWith("io.mdg.query.crypto")));

    @ArchTest
    static final ArchRule nothing_else_depends_on_the_inbound_webhooks = noClasses()
            .that().resideOutsideOfPackage("io.mdg.app.intake..")
            .should().dependOnClassesThat().resideInAPackage("io.mdg.app.intake..");

    @ArchTest
    static final ArchRule nothing_in_the_service_uses_the_realm_reader = noClasses()
            .that().resideOutsideOfPackage("io.mdg.app.realm..")
            .should().dependOnClassesThat().resideInAPackage("io.mdg.app.realm..");
}
