package io.mdg.app.intake;

import io.mdg.api.Actor;
import io.mdg.api.SourceSystem;

/**
 * A source registered for webhooks: its name in the path, the source system and client it submits as, how its
 * sender is verified and how its payloads are mapped.
 */
public record InboundSource(String name, SourceSystem system, Actor actor, WebhookVerifier verifier,
                            SourceMapping mapping) {
}
