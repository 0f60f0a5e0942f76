package io.mdg.graphql;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.graphql.execution.ClassNameTypeResolver;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

import io.mdg.api.EntityType;
import io.mdg.api.model.RecordType;
import io.mdg.graphql.hygiene.CallerLimits;
import io.mdg.graphql.hygiene.CallerLimitsFilter;
import io.mdg.graphql.hygiene.CallerLimitsInterceptor;
import io.mdg.graphql.hygiene.GraphQlLimits;
import io.mdg.graphql.hygiene.QueryLimitsInstrumentation;
import io.mdg.graphql.hygiene.RequestSizeFilter;
import io.mdg.graphql.record.ContractNode;
import io.mdg.graphql.record.ItemNode;
import io.mdg.graphql.record.LocationNode;
import io.mdg.graphql.record.SupplierNode;
import io.mdg.graphql.scalar.Scalars;
import io.mdg.graphql.settings.EdgeSettings;

/**
 * Scalars, the mapping of the edge's records to GraphQL types, the cache of parsed documents, and the limits ({@link GraphQlLimits}): the
 * document, execution and answer limits as a graphql-java instrumentation (Spring Boot adds every
 * {@code Instrumentation} bean to the engine), the body size as a servlet filter ahead of security, the per-caller
 * limits ({@link CallerLimits}) as a servlet filter behind it (it needs the caller) with an interceptor that hands
 * the request's permit to the instrumentation.
 */
@Configuration(proxyBeanMethods = false)
@Profile("edge")
@EnableConfigurationProperties({GraphQlLimits.class, EdgeSettings.class})
public class GraphQlConfiguration {

    @Bean
    public RuntimeWiringConfigurer mdgRuntimeWiring() {
        ClassNameTypeResolver typeResolver = new ClassNameTypeResolver();
        typeResolver.addMapping(SupplierNode.class, RecordType.of(EntityType.SUPPLIER).name());
        typeResolver.addMapping(ItemNode.class, RecordType.of(EntityType.ITEM).name());
        typeResolver.addMapping(ContractNode.class, RecordType.of(EntityType.CONTRACT).name());
        typeResolver.addMapping(LocationNode.class, RecordType.of(EntityType.LOCATION).name());
        return wiring -> wiring
                .scalar(Scalars.DATE_TIME)
                .scalar(Scalars.LONG)
                .scalar(Scalars.DATE)
                .scalar(Scalars.DECIMAL)
                .type("MasterRecord", type -> type.typeResolver(typeResolver));
    }

    /**
     * Documents parsed and validated once, by their text ({@link ParsedDocuments}); the limits still measure every
     * request's document ({@link QueryLimitsInstrumentation}).
     */
    @Bean
    public ParsedDocuments parsedDocuments() {
        return new ParsedDocuments();
    }

    @Bean
    public org.springframework.boot.autoconfigure.graphql.GraphQlSourceBuilderCustomizer parsedDocumentCache(
            ParsedDocuments documents) {
        return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(documents));
    }

    @Bean
    public QueryLimitsInstrumentation queryLimitsInstrumentation(GraphQlLimits limits) {
        return new QueryLimitsInstrumentation(limits);
    }

    @Bean
    public CallerLimits callerLimits(GraphQlLimits limits) {
        return new CallerLimits(limits);
    }

    @Bean
    public CallerLimitsInterceptor callerLimitsInterceptor() {
        return new CallerLimitsInterceptor();
    }

    /** After Spring Security's filter chain (order -100): the caller is known, and a refusal costs no parsing. */
    @Bean
    public FilterRegistrationBean<CallerLimitsFilter> graphQlCallerLimitsFilter(
            CallerLimits limits, @Value("${spring.graphql.http.path:/graphql}") String path) {
        FilterRegistrationBean<CallerLimitsFilter> registration = new FilterRegistrationBean<>(
                new CallerLimitsFilter(path, limits));
        registration.addUrlPatterns(path);
        registration.setOrder(0);
        return registration;
    }

    /** Before Spring Security's filter chain (order -100): an oversized body is refused before anything else. */
    @Bean
    public FilterRegistrationBean<RequestSizeFilter> graphQlRequestSizeFilter(
            GraphQlLimits limits, @Value("${spring.graphql.http.path:/graphql}") String path) {
        FilterRegistrationBean<RequestSizeFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeFilter(path, limits.maxRequestSize().toBytes()));
        registration.addUrlPatterns(path);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
        return registration;
    }
}
