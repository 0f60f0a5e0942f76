package io.mdg.graphql.feed;

import java.util.Map;

import org.springframework.boot.autoconfigure.graphql.GraphQlProperties;
import org.springframework.boot.autoconfigure.http.HttpMessageConverters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;

/**
 * The WebSocket handler of GraphQL subscriptions: Spring Boot's, as Boot would build it (its JSON converter, the
 * {@code spring.graphql.websocket.*} init timeout and keep-alive), as a {@link FeedWebSocketHandler} so that a
 * connection can be closed when its token expires. Boot's mapping of the WebSocket path picks this bean up.
 */
@Configuration(proxyBeanMethods = false)
@Profile("edge")
public class FeedWebSocketConfiguration {

    @Bean
    public GraphQlWebSocketHandler graphQlWebSocketHandler(WebGraphQlHandler webGraphQlHandler,
                                                           GraphQlProperties properties,
                                                           HttpMessageConverters converters) {
        HttpMessageConverter<?> json = converters.getConverters().stream()
                .filter(c -> c.canRead(Map.class, MediaType.APPLICATION_JSON))
                .findFirst().orElseThrow(() -> new IllegalStateException("No JSON converter"));
        return new FeedWebSocketHandler(webGraphQlHandler, json, properties.getWebsocket().getConnectionInitTimeout(),
                properties.getWebsocket().getKeepAlive());
    }
}
