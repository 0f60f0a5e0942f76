package io.mdg.graphql.correlation;

import java.io.IOException;

import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Resolves the request's correlation id ({@link Correlation#resolve}), answers it in the {@value Correlation#HEADER}
 * response header (also on errors and refusals, which run after this filter), and holds it for the request's thread
 * and the logging MDC. Runs before Spring Security, so a denied request is logged with its id.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = Correlation.resolve(request.getHeader(Correlation.HEADER), request.getHeader(Correlation.TRACEPARENT));
        response.setHeader(Correlation.HEADER, id);
        Correlation.set(id);
        MDC.put(Correlation.META_DATA_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            Correlation.set(null);
            MDC.remove(Correlation.META_DATA_KEY);
        }
    }
}
