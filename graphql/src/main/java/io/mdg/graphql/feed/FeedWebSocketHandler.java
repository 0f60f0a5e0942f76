package io.mdg.graphql.feed;

import java.util.Map;

import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * Spring for GraphQL's graphql-transport-ws handler, which also keeps each WebSocket session among its own attributes,
 * so that {@link FeedAuthenticationInterceptor} (which sees only the attributes) can close the connection when the
 * token it was opened with expires.
 */
public class FeedWebSocketHandler extends GraphQlWebSocketHandler {

    /** The session attribute that holds the session itself. */
    static final String SESSION = FeedWebSocketHandler.class.getName() + ".SESSION";

    public FeedWebSocketHandler(WebGraphQlHandler graphQlHandler, HttpMessageConverter<?> converter,
                                java.time.Duration initTimeout, java.time.Duration keepAlive) {
        super(graphQlHandler, converter, initTimeout, keepAlive);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        session.getAttributes().put(SESSION, session);
        super.afterConnectionEstablished(session);
    }

    /** Closes the session kept in these attributes (if still open) with the status. */
    static void close(Map<String, Object> attributes, CloseStatus status) {
        if (attributes.get(SESSION) instanceof WebSocketSession session && session.isOpen()) {
            try {
                session.close(status);
            } catch (java.io.IOException alreadyGone) {
                // the connection is gone anyway
            }
        }
    }
}
