package io.mdg.query.distribution.push;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The push delivery's settings ({@code mdg.distribution.push.*}). */
@Configuration(proxyBeanMethods = false)
@Profile("query")
@EnableConfigurationProperties(PushSettings.class)
class PushConfiguration {
}
