package io.mdg.app.notify;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who is e-mailed about escalations and expiries ({@code mdg.notifications}): the addresses of each realm role's
 * people ({@code recipients.<role>}, e.g. {@code recipients.data-governance-lead: [gil.governance@mdg.example]}),
 * configured by the operator (the identity provider is not asked), and the sender address ({@code from}). The SMTP
 * server is Spring Boot's {@code spring.mail.*}; without {@code spring.mail.host} nothing is sent (each notification
 * is logged and counted as not sent).
 */
@ConfigurationProperties("mdg.notifications")
public record NotificationSettings(Map<String, List<String>> recipients, String from) {

    public NotificationSettings {
        recipients = recipients == null ? Map.of() : Map.copyOf(recipients);
        from = from == null || from.isBlank() ? "mdg@localhost" : from.strip();
    }

    /** The addresses of a role's people (empty: none configured). */
    public List<String> recipients(String role) {
        List<String> addresses = role == null ? null : recipients.get(role);
        return addresses == null ? List.of()
                : addresses.stream().filter(a -> a != null && !a.isBlank()).map(String::strip).toList();
    }
}
