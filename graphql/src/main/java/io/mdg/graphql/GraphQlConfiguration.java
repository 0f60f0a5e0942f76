package io.mdg.graphql;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.execution.ClassNameTypeResolver;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

import io.mdg.api.supplier.SupplierView;
import io.mdg.graphql.scalar.Scalars;

/** Scalars and the mapping of API records to GraphQL types. */
@Configuration(proxyBeanMethods = false)
@Profile("edge")
public class GraphQlConfiguration {

    @Bean
    public RuntimeWiringConfigurer mdgRuntimeWiring() {
        ClassNameTypeResolver typeResolver = new ClassNameTypeResolver();
        typeResolver.addMapping(SupplierView.class, "Supplier");
        return wiring -> wiring
                .scalar(Scalars.DATE_TIME)
                .scalar(Scalars.LONG)
                .type("MasterRecord", type -> type.typeResolver(typeResolver));
    }
}
