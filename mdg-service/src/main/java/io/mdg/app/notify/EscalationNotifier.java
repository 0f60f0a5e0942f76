package io.mdg.app.notify;

import java.time.Instant;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mdg.api.changerequest.ChangeRequestEscalatedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * E-mails the people of a role when a change request escalates to it, and when a request expires (to the role the
 * expiry alerts: the escalation role, else the current step's). One message per event to all of the role's configured
 * addresses ({@link NotificationSettings}); it names the request, the record, the step and the deadline, never the
 * proposed values (they may be bank details).
 *
 * <p>Runs in the processes with the query role, like the projections. In its own tracking processing group ({@value #GROUP}, tokens in PostgreSQL, starting at the head of the event
 * stream when first created so that past escalations and expiries are not mailed): a failure to send (the SMTP server
 * down) propagates, so the processor retries the event (with back-off) until it is sent, across restarts; nothing is
 * lost silently. The message id is derived from the event id, so a message sent again after a crash between sending
 * and storing the token is recognisably the same message. Without SMTP ({@code spring.mail.host} unset) or without
 * addresses for the role, the notification is logged as not sent and counted ({@code mdg_notifications_not_sent_total}
 * with the reason), never a failure.
 */
@Component
@Profile("query")
@ProcessingGroup(EscalationNotifier.GROUP)
public class EscalationNotifier {

    public static final String GROUP = "escalation-notifications";

    private static final Logger log = LoggerFactory.getLogger(EscalationNotifier.class);

    private final ObjectProvider<JavaMailSender> mail;
    private final NotificationSettings settings;
    private final MeterRegistry registry;

    public EscalationNotifier(ObjectProvider<JavaMailSender> mail, NotificationSettings settings,
                              MeterRegistry registry) {
        this.mail = mail;
        this.settings = settings;
        this.registry = registry;
    }

    @EventHandler
    void on(ChangeRequestEscalatedEvent event, EventMessage<?> message) throws MessagingException {
        String subject = "[MDG] Change request " + event.changeRequestId() + " escalated to " + event.escalatedTo();
        String body = """
                Change request %s (%s record %s) was still pending at its SLA (%s), waiting at step %d (%s) with %d \
                approval(s).

                It has escalated to the role %s: you may now approve or reject its current step (never a request \
                you made yourself; a person approves a request once). It is in your inbox in the steward console \
                ("Awaiting my decision").

                It expires if still pending at %s.
                """.formatted(event.changeRequestId(), event.type(), event.recordId(), event.escalateAt(),
                event.step(), event.stepRole(), event.approvals(), event.escalatedTo(), event.deadline());
        send("escalation", event.escalatedTo(), subject, body, message);
    }

    @EventHandler
    void on(ChangeRequestExpiredEvent event, EventMessage<?> message) throws MessagingException {
        if (event.escalateTo() == null) {
            return;
        }
        String subject = "[MDG] Change request " + event.changeRequestId() + " expired";
        String body = """
                Change request %s (%s record %s) was still pending at its deadline (%s) with %d approval(s): it \
                EXPIRED. The golden record keeps its values and dropped the held change; the source that sent it \
                has to send it again to have it decided.
                """.formatted(event.changeRequestId(), event.type(), event.recordId(), event.deadline(),
                event.approvals());
        send("expiry", event.escalateTo(), subject, body, message);
    }

    private void send(String kind, String role, String subject, String body, EventMessage<?> message)
            throws MessagingException {
        List<String> to = settings.recipients(role);
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null || to.isEmpty()) {
            String reason = sender == null ? "no-smtp" : "no-recipients";
            counter("mdg.notifications.not.sent", kind, reason).increment();
            log.warn("Notification of {} not sent ({}): {} (role {}, event {})", kind,
                    sender == null ? "no SMTP server configured: spring.mail.host"
                            : "no addresses configured for the role: mdg.notifications.recipients." + role,
                    subject, role, message.getIdentifier());
            return;
        }
        String messageId = "<" + message.getIdentifier() + "@mdg>";
        MimeMessage mime = new MimeMessage(sender.createMimeMessage().getSession()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mime.setFrom(new InternetAddress(settings.from()));
        for (String address : to) {
            mime.addRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(address));
        }
        mime.setSubject(subject, "UTF-8");
        mime.setText(body, "UTF-8");
        mime.setSentDate(java.util.Date.from(message.getTimestamp() == null ? Instant.now() : message.getTimestamp()));
        mime.setHeader("X-MDG-Event", message.getIdentifier());
        try {
            sender.send(mime);
        } catch (RuntimeException e) {
            counter("mdg.notifications.failed", kind, "smtp").increment();
            log.warn("Notification of {} could not be sent to {} (role {}, event {}); the processor retries it: {}",
                    kind, to, role, message.getIdentifier(), e.toString());
            throw e;
        }
        counter("mdg.notifications.sent", kind, null).increment();
        log.info("Notification of {} sent to {} address(es) of role {}: {}", kind, to.size(), role, subject);
    }

    private Counter counter(String name, String kind, String reason) {
        Counter.Builder builder = Counter.builder(name).tag("kind", kind);
        if (reason != null) {
            builder.tag("reason", reason);
        }
        return builder.register(registry);
    }
}
