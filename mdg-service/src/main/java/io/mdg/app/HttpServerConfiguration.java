package io.mdg.app;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Settings of the embedded HTTP server (Tomcat) that application properties do not offer. */
@Configuration(proxyBeanMethods = false)
public class HttpServerConfiguration {

    /**
     * Tomcat answers {@code Expect: 100-continue} only when the body is read ("onRead"), not at once: a client that
     * asks before sending an oversized body gets the 413 of the request size limit instead of uploading megabytes
     * into a connection the server closes after answering.
     */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueWhenTheBodyIsRead() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setContinueResponseTiming("onRead");
            }
        });
    }
}
