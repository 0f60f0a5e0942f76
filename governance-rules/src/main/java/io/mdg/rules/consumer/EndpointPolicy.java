package io.mdg.rules.consumer;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which webhook URLs a consumer may register and be delivered to: the guard against server-side request forgery
 * (a consumer's URL pointing the service at its own network, the cloud's metadata endpoint or itself).
 *
 * <p>In {@link Mode#PRODUCTION production} an endpoint must be an absolute {@code https} URL without user-info whose
 * host resolves only to public addresses: loopback, private (10/8, 172.16/12, 192.168/16), link-local (169.254/16,
 * where clouds serve instance metadata, and fe80::/10), unique-local (fc00::/7), multicast, unspecified (0.0.0.0/8,
 * ::), carrier-grade NAT (100.64/10) and reserved (240/4, incl. broadcast) addresses are refused, and so are IPv6
 * addresses that carry one of those IPv4 addresses (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64
 * 64:ff9b::/96, 6to4 2002::/16). Every address the host resolves to is checked, since a client may connect to any.
 * {@link Mode#PERMISSIVE Permissive} mode (tests, the local demo) allows {@code http}, loopback and private
 * addresses, and still refuses link-local (cloud metadata), multicast and unspecified addresses, other schemes,
 * user-info and hosts that do not resolve.
 *
 * <p>The check is meant to run at registration and again at each delivery, since what a host resolves to may change
 * in between. Name resolution is a {@link Resolver} passed in ({@link Resolver#SYSTEM} in the service), so the rule
 * stays a pure function in tests. Refusal messages name the URL (with any user-info masked) and the reason.
 */
public final class EndpointPolicy {

    /** How strict the policy is. */
    public enum Mode {
        /** https only, public addresses only. */
        PRODUCTION,
        /** http or https, loopback and private addresses too: for tests and the local demo. */
        PERMISSIVE
    }

    /** Resolves a host name (or an IP literal, without brackets) to its addresses. */
    @FunctionalInterface
    public interface Resolver {

        /** The JVM's resolver (DNS, the hosts file; IP literals are parsed without a lookup). */
        Resolver SYSTEM = InetAddress::getAllByName;

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The policy's answer for one URL. */
    public sealed interface Verdict permits Allowed, Refused {

        /** Whether the endpoint may be registered or delivered to. */
        default boolean allowed() {
            return this instanceof Allowed;
        }
    }

    /**
     * An endpoint that may be used.
     *
     * @param uri       the parsed URL
     * @param addresses every address its host resolved to, all of them checked
     */
    public record Allowed(URI uri, List<InetAddress> addresses) implements Verdict {

        public Allowed {
            Objects.requireNonNull(uri, "uri");
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * An endpoint that must not be used.
     *
     * @param url        the URL as given, user-info masked and control characters replaced
     * @param reason     why, e.g. {@code "10.0.0.7 is a private address (10/8, 172.16/12, 192.168/16)"}
     * @param unresolved the host did not resolve (or the resolver failed): unlike the other reasons this may pass
     *                   by itself (a DNS outage), so a delivery may try again later
     */
    public record Refused(String url, String reason, boolean unresolved) implements Verdict {

        public Refused {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(reason, "reason");
        }

        /** One sentence for an operator or a registration error: the URL and the reason. */
        public String message() {
            return "Webhook endpoint " + url + " refused: " + reason;
        }
    }

    private static final int MAX_URL_IN_MESSAGE = 200;

    private final Mode mode;
    private final Resolver resolver;

    private EndpointPolicy(Mode mode, Resolver resolver) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** https only, public addresses only. */
    public static EndpointPolicy production(Resolver resolver) {
        return new EndpointPolicy(Mode.PRODUCTION, resolver);
    }

    /** http or https, loopback and private addresses too (tests, the local demo). */
    public static EndpointPolicy permissive(Resolver resolver) {
        return new EndpointPolicy(Mode.PERMISSIVE, resolver);
    }

    /**
     * The policy of the setting {@code mdg.consumers.allow-insecure-endpoints}, on the system's resolver: the one
     * place that choice is made, for registration (command side) and delivery (query side) alike.
     */
    public static EndpointPolicy forSetting(boolean allowInsecureEndpoints) {
        return allowInsecureEndpoints ? permissive(Resolver.SYSTEM) : production(Resolver.SYSTEM);
    }

    public Mode mode() {
        return mode;
    }

    /** Checks {@code url}: parses it, resolves its host once and, in production, checks every address. */
    public Verdict check(String url) {
        Objects.requireNonNull(url, "url");
        String shown = shown(url);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return new Refused(shown, "not a valid URL (" + e.getReason() + ")", false);
        }
        Optional<String> malformed = malformed(uri);
        if (malformed.isPresent()) {
            return new Refused(shown, malformed.get(), false);
        }
        String host = uri.getHost();
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses;
        try {
            InetAddress[] resolved = resolver.resolve(name);
            addresses = resolved == null ? List.of() : Arrays.asList(resolved);
        } catch (UnknownHostException e) {
            addresses = List.of();
        } catch (RuntimeException e) {
            return new Refused(shown, "host " + name + " could not be resolved (" + e.getClass().getSimpleName() + ")",
                    true);
        }
        if (addresses.isEmpty() || addresses.contains(null)) {
            return new Refused(shown, "host " + name + " does not resolve", true);
        }
        if (mode == Mode.PERMISSIVE) {
            for (InetAddress address : addresses) {
                // even a test or demo receiver is never the cloud's metadata service or a broadcast
                if (address.isLinkLocalAddress() || address.isMulticastAddress() || address.isAnyLocalAddress()) {
                    return new Refused(shown, "host " + name + " resolves to " + address.getHostAddress()
                            + ", a link-local, multicast or unspecified address, which no webhook may reach", false);
                }
            }
        }
        if (mode == Mode.PRODUCTION) {
            for (InetAddress address : addresses) {
                Optional<String> kind = nonPublic(address);
                if (kind.isPresent()) {
                    String literal = address.getHostAddress();
                    // A host name has no colon; an IPv6 literal is shown as written.
                    String subject = name.contains(":") || literal.equals(name) ? name
                            : "host " + name + " resolves to " + literal + ", which";
                    return new Refused(shown, subject + " is " + kind.get()
                            + "; only public addresses may receive webhooks", false);
                }
            }
        }
        return new Allowed(uri, addresses);
    }

    /** What is wrong with the URL itself, before any name is resolved. */
    private Optional<String> malformed(URI uri) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || uri.isOpaque()) {
            return Optional.of("not an absolute http(s) URL");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("scheme " + scheme + " is not allowed; only http and https are");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("a URL must not carry user-info (credentials); webhooks are authenticated by signature");
        }
        if (mode == Mode.PRODUCTION && !scheme.equals("https")) {
            return Optional.of("scheme " + scheme + " is not allowed; webhooks are delivered over https only");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("the URL has no valid host name");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.of("port " + uri.getPort() + " is not a valid port");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("a webhook URL has no fragment");
        }
        return Optional.empty();
    }

    /**
     * Why {@code address} is not a public unicast address, e.g. {@code "a loopback address"}, or empty when it is
     * public.
     */
    static Optional<String> nonPublic(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return nonPublicIpv4(b);
        }
        if (address instanceof Inet6Address) {
            return nonPublicIpv6(b);
        }
        return Optional.of("an address of an unknown family");
    }

    private static Optional<String> nonPublicIpv4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return Optional.of("an unspecified address (0.0.0.0/8)");
        }
        if (first == 127) {
            return Optional.of("a loopback address (127/8)");
        }
        if (first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168) {
            return Optional.of("a private address (10/8, 172.16/12, 192.168/16)");
        }
        if (first == 169 && second == 254) {
            return Optional.of("a link-local address (169.254/16, incl. cloud metadata 169.254.169.254)");
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return Optional.of("a carrier-grade NAT address (100.64/10)");
        }
        if (first >= 224 && first <= 239) {
            return Optional.of("a multicast address (224/4)");
        }
        if (first >= 240) {
            return Optional.of("a reserved or broadcast address (240/4)");
        }
        return Optional.empty();
    }

    private static Optional<String> nonPublicIpv6(byte[] b) {
        if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded(b, 12, "an IPv4-mapped form of ");
        }
        if (zeros(b, 0, 15)) {
            return Optional.of(b[15] == 0 ? "an unspecified address (::)" : b[15] == 1 ? "a loopback address (::1)"
                    : "an IPv4-compatible address (::/96)");
        }
        if (zeros(b, 0, 12)) {
            return embedded(b, 12, "an IPv4-compatible form of ");
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zeros(b, 4, 12)) {
            return embedded(b, 12, "a NAT64 form of ");
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return embedded(b, 2, "a 6to4 form of ");
        }
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("a unique-local address (fc00::/7)");
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
            return Optional.of("a link-local address (fe80::/10)");
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return Optional.of("a site-local address (fec0::/10)");
        }
        if (first == 0xff) {
            return Optional.of("a multicast address (ff00::/8)");
        }
        return Optional.empty();
    }

    /** The IPv4 address at {@code b[from..from+4)} judged as such, described as {@code prefix + its kind}. */
    private static Optional<String> embedded(byte[] b, int from, String prefix) {
        return nonPublicIpv4(Arrays.copyOfRange(b, from, from + 4)).map(kind -> prefix + kind);
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The URL as it may appear in a message: user-info masked, control characters replaced, length bounded. */
    private static String shown(String url) {
        String masked = url.replaceFirst("(?<=//)[^/?#]*@", "***@");
        StringBuilder shown = new StringBuilder(Math.min(masked.length(), MAX_URL_IN_MESSAGE + 1));
        for (int i = 0; i < masked.length() && i < MAX_URL_IN_MESSAGE; i++) {
            char c = masked.charAt(i);
            shown.append(Character.isISOControl(c) ? '?' : c);
        }
        if (masked.length() > MAX_URL_IN_MESSAGE) {
            shown.append('…');
        }
        return shown.toString();
    }
}
