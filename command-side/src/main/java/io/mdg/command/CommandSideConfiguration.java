package io.mdg.command;

import java.util.UUID;

import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.command.supplier.Supplier;
import io.mdg.command.supplier.SupplierSubmissionHandler;
import io.mdg.command.xref.CrossReferences;
import io.mdg.command.xref.JdbcCrossReferences;
import io.mdg.command.xref.SourceRecordLocks;

/** The command side: aggregates, the submission handlers and the cross-reference table. Active in profile "command". */
@Configuration(proxyBeanMethods = false)
@Profile("command")
public class CommandSideConfiguration {

    @Bean
    public JdbcCrossReferences crossReferences(JdbcTemplate jdbcTemplate) {
        JdbcCrossReferences crossReferences = new JdbcCrossReferences(jdbcTemplate);
        crossReferences.createSchema();
        return crossReferences;
    }

    @Bean
    public SourceRecordLocks sourceRecordLocks(@Value("${mdg.command.lock-stripes:1024}") int stripes) {
        return new SourceRecordLocks(stripes);
    }

    @Bean
    public SupplierSubmissionHandler supplierSubmissionHandler(Repository<Supplier> supplierRepository,
                                                               CrossReferences crossReferences,
                                                               SourceRecordLocks locks) {
        return new SupplierSubmissionHandler(supplierRepository, crossReferences, locks,
                () -> UUID.randomUUID().toString());
    }
}
