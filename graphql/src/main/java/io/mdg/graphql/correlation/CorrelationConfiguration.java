package io.mdg.graphql.correlation;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;

import io.micrometer.context.ContextRegistry;

/**
 * The correlation id of every request to the edge: the filter ahead of everything else (security included), and the
 * thread local registered for context propagation, so that Spring for GraphQL restores it in every data fetcher.
 */
@Configuration(proxyBeanMethods = false)
@Profile("edge")
public class CorrelationConfiguration {

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(Correlation.CONTEXT_KEY, Correlation.CURRENT::get,
                Correlation.CURRENT::set, Correlation.CURRENT::remove);
    }

    @Bean
    public FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
