package io.mdg.graphql;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.execution.ClassNameTypeResolver;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

import io.mdg.graphql.record.ContractNode;
import io.mdg.graphql.record.ItemNode;
import io.mdg.graphql.record.LocationNode;
import io.mdg.graphql.record.SupplierNode;
import io.mdg.graphql.scalar.Scalars;

/** Scalars and the mapping of the edge's records to GraphQL types. */
@Configuration(proxyBeanMethods = false)
@Profile("edge")
public class GraphQlConfiguration {

    @Bean
    public RuntimeWiringConfigurer mdgRuntimeWiring() {
        ClassNameTypeResolver typeResolver = new ClassNameTypeResolver();
        typeResolver.addMapping(SupplierNode.class, "Supplier");
        typeResolver.addMapping(ItemNode.class, "Item");
        typeResolver.addMapping(ContractNode.class, "Contract");
        typeResolver.addMapping(LocationNode.class, "Location");
        return wiring -> wiring
                .scalar(Scalars.DATE_TIME)
                .scalar(Scalars.LONG)
                .scalar(Scalars.DATE)
                .scalar(Scalars.DECIMAL)
                .type("MasterRecord", type -> type.typeResolver(typeResolver));
    }
}
