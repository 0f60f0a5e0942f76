package io.mdg.graphql;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots the GraphQL edge alone, for slice tests; the gateways are mocked. */
@SpringBootApplication
public class EdgeTestApplication {
}
