package io.mdg.graphql.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;

import io.mdg.rules.InForce;
import io.mdg.api.EntityType;
import io.mdg.graphql.security.SecurityProperties;
import io.mdg.rules.access.AccessRules;

/**
 * The steward console's two dynamic bits; everything else under {@code /console/} is a static file
 * ({@code static/console/}). The console signs in at Keycloak itself (authorization code with PKCE), so all it needs
 * from the service is where Keycloak is and which client it is: {@code /console/config.json}. No data and no
 * secret: a public client's id and the issuer every token names anyway, which is why it is served without a token.
 */
@RestController
@Profile("edge")
public class ConsoleController {

    /** The realm's public browser client (authorization code with PKCE, S256). */
    public static final String DEFAULT_CLIENT_ID = "mdg-console";

    private final SecurityProperties security;
    private final String clientId;
    private final InForce<AccessRules> access;

    public ConsoleController(SecurityProperties security,
                             @Value("${mdg.console.client-id:" + DEFAULT_CLIENT_ID + "}") String clientId,
                             InForce<AccessRules> access) {
        this.security = security;
        this.clientId = clientId;
        this.access = access;
    }

    /**
     * The issuer (discovery at {@code <issuer>/.well-known/openid-configuration}), the console's client id, and the
     * rules file's roles the console shows its views by: each record type's steward role, the other roles that approve
     * a step of change requests (they get the inbox), and every role that reads (the service enforces them; the
     * console only hides what a role cannot do).
     */
    @GetMapping(path = "/console/config.json", produces = "application/json")
    public ResponseEntity<Map<String, Object>> config() {
        Map<String, String> stewardRoles = new LinkedHashMap<>();
        for (EntityType type : EntityType.values()) {
            stewardRoles.put(type.name(), access.now().stewardRole(type));
        }
        List<String> roles = new ArrayList<>(new LinkedHashSet<>(stewardRoles.values()));
        access.now().allReaderRoles().stream().sorted().filter(role -> !roles.contains(role)).forEach(roles::add);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", security.issuer());
        config.put("clientId", clientId);
        config.put("stewardRoles", stewardRoles);
        // the roles that approve a step of some type's change requests besides its stewards (e.g. finance-controller)
        List<String> deciders = new ArrayList<>();
        for (EntityType type : EntityType.values()) {
            access.now().deciderRoles().get(type).stream().sorted()
                    .filter(role -> !stewardRoles.containsValue(role) && !deciders.contains(role))
                    .forEach(deciders::add);
        }
        config.put("deciderRoles", deciders);
        config.put("roles", roles);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(config);
    }

    /** {@code /console} to {@code /console/}, so that the page's relative URLs resolve under it. */
    @GetMapping("/console")
    public ResponseEntity<Void> redirectToSlash() {
        return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, "/console/").build();
    }

    /** The console's page (the static handler serves files, not a directory's index). */
    @GetMapping("/console/")
    public ModelAndView index() {
        return new ModelAndView("forward:/console/index.html");
    }
}
