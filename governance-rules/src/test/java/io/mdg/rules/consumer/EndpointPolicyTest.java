package io.mdg.rules.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.mdg.rules.consumer.EndpointPolicy.Allowed;
import io.mdg.rules.consumer.EndpointPolicy.Refused;
import io.mdg.rules.consumer.EndpointPolicy.Verdict;

/**
 * The endpoint policy on IP literals and {@code localhost} (which the JVM resolves without DNS) and on names a fake
 * resolver answers: nothing here depends on external DNS.
 */
class EndpointPolicyTest {

    private final Map<String, InetAddress[]> names = new HashMap<>();

    /** Names from {@link #names}, IP literals and localhost from the JVM; anything else does not resolve. */
    private final EndpointPolicy.Resolver resolver = host -> {
        InetAddress[] known = names.get(host);
        if (known != null) {
            return known;
        }
        if (host.equals("localhost") || host.matches("[0-9.]+") || host.contains(":")) {
            return InetAddress.getAllByName(host);
        }
        throw new UnknownHostException(host);
    };

    private final EndpointPolicy production = EndpointPolicy.production(resolver);
    private final EndpointPolicy permissive = EndpointPolicy.permissive(resolver);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1            | a loopback address",
            "127.8.9.10           | a loopback address",
            "2130706433           | a loopback address",
            "localhost            | a loopback address",
            "[::1]                | a loopback address",
            "10.1.2.3             | a private address",
            "172.16.0.1           | a private address",
            "172.31.255.255       | a private address",
            "192.168.1.1          | a private address",
            "169.254.169.254      | a link-local address (169.254/16, incl. cloud metadata 169.254.169.254)",
            "169.254.0.1          | a link-local address",
            "[fe80::1]            | a link-local address (fe80::/10)",
            "[fc00::1]            | a unique-local address (fc00::/7)",
            "[fd12:3456::1]       | a unique-local address (fc00::/7)",
            "224.0.0.1            | a multicast address",
            "239.255.255.250      | a multicast address",
            "[ff02::1]            | a multicast address",
            "0.0.0.0              | an unspecified address",
            "[::]                 | an unspecified address",
            "100.64.0.1           | a carrier-grade NAT address",
            "100.127.255.255      | a carrier-grade NAT address",
            "255.255.255.255      | a reserved or broadcast address",
            "[::ffff:127.0.0.1]   | a loopback address",
            "[::ffff:169.254.169.254] | a link-local address",
            "[::ffff:10.0.0.1]    | a private address",
            "[64:ff9b::a00:1]     | a NAT64 form of a private address",
            "[2002:a9fe:a9fe::1]  | a 6to4 form of a link-local address",
    })
    void production_refuses_every_address_that_is_not_public(String host, String kind) {
        String url = "https://" + host + "/hooks/mdg";

        Verdict verdict = production.check(url);

        assertThat(verdict).isInstanceOf(Refused.class);
        Refused refused = (Refused) verdict;
        assertThat(refused.reason()).contains(kind).contains("only public addresses");
        assertThat(refused.message()).startsWith("Webhook endpoint " + url + " refused: ");
        assertThat(refused.unresolved()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "169.253.255.255",
            "11.0.0.1", "93.184.216.34", "[2606:4700:4700::1111]", "[::ffff:93.184.216.34]"})
    void production_allows_public_addresses_next_to_the_refused_ranges(String host) {
        Verdict verdict = production.check("https://" + host + ":8443/hooks");

        assertThat(verdict).isInstanceOf(Allowed.class);
        assertThat(verdict.allowed()).isTrue();
        assertThat(((Allowed) verdict).addresses()).hasSize(1);
    }

    @Test
    void production_allows_a_https_host_that_resolves_only_to_public_addresses() {
        names.put("erp.example.com", addresses("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"));

        Verdict verdict = production.check("https://erp.example.com/mdg/golden-records?tenant=7");

        assertThat(verdict).isInstanceOf(Allowed.class);
        Allowed allowed = (Allowed) verdict;
        assertThat(allowed.uri().getHost()).isEqualTo("erp.example.com");
        assertThat(allowed.addresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946");
    }

    @Test
    void a_name_with_one_private_address_among_public_ones_is_refused_naming_it() {
        names.put("inventory.example.com", addresses("93.184.216.34", "10.20.30.40"));

        Verdict verdict = production.check("https://inventory.example.com/hook");

        assertThat(verdict).isInstanceOf(Refused.class);
        assertThat(((Refused) verdict).message()).isEqualTo("Webhook endpoint https://inventory.example.com/hook"
                + " refused: host inventory.example.com resolves to 10.20.30.40, which is a private address"
                + " (10/8, 172.16/12, 192.168/16); only public addresses may receive webhooks");
    }

    @Test
    void a_name_pointing_at_the_cloud_metadata_address_is_refused() {
        names.put("metadata.example.com", addresses("169.254.169.254"));

        Verdict verdict = production.check("https://metadata.example.com/latest/meta-data/");

        assertThat(((Refused) verdict).reason()).contains("169.254.169.254", "link-local", "cloud metadata");
    }

    @Test
    void an_ipv6_object_carrying_an_ipv4_mapped_loopback_is_refused() throws UnknownHostException {
        // InetAddress.getAllByName turns ::ffff:a.b.c.d into an Inet4Address, but a resolver may hand back the
        // Inet6Address form, whose own isLoopbackAddress() is false.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        names.put("mapped.example.com", new InetAddress[] {Inet6Address.getByAddress(null, mapped, -1)});

        Verdict verdict = production.check("https://mapped.example.com/");

        assertThat(((Refused) verdict).reason()).contains("an IPv4-mapped form of a loopback address (127/8)");
    }

    @Test
    void an_ip_literal_is_named_as_written() {
        assertThat(((Refused) production.check("https://[::1]:8443/hook")).reason())
                .isEqualTo("::1 is a loopback address (::1); only public addresses may receive webhooks");
        assertThat(((Refused) production.check("https://10.0.0.7/hook")).reason())
                .isEqualTo("10.0.0.7 is a private address (10/8, 172.16/12, 192.168/16);"
                        + " only public addresses may receive webhooks");
    }

    @Test
    void production_requires_https() {
        Verdict verdict = production.check("http://93.184.216.34/hook");

        assertThat(((Refused) verdict).message()).isEqualTo("Webhook endpoint http://93.184.216.34/hook refused:"
                + " scheme http is not allowed; webhooks are delivered over https only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://93.184.216.34/hook", "file:///etc/passwd", "gopher://93.184.216.34:70/"})
    void other_schemes_are_refused_in_both_modes(String url) {
        assertThat(production.check(url).allowed()).isFalse();
        assertThat(permissive.check(url)).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.reason()).contains("is not allowed; only http and https are"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://admin:s3cr3t-pw@93.184.216.34/hook", "http://admin:s3cr3t-pw@127.0.0.1:8080/",
            "https://s3cr3t-pw@erp.example.com/hook"})
    void user_info_is_refused_in_both_modes_and_never_repeated(String url) {
        for (EndpointPolicy policy : new EndpointPolicy[] {production, permissive}) {
            Verdict verdict = policy.check(url);

            assertThat(verdict).isInstanceOf(Refused.class);
            Refused refused = (Refused) verdict;
            assertThat(refused.reason()).contains("must not carry user-info");
            assertThat(refused.message()).contains("***@").doesNotContain("s3cr3t-pw");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not a url                    | not a valid URL",
            "/hooks/relative              | not an absolute http(s) URL",
            "mailto:ops@example.com       | not an absolute http(s) URL",
            "https:///no-host             | no valid host name",
            "https://under_score.example/ | no valid host name",
            "https://93.184.216.34:99999/ | not a valid port",
            "https://93.184.216.34/#frag  | no fragment",
    })
    void malformed_urls_are_refused_with_the_reason(String url, String reason) {
        Verdict verdict = production.check(url);

        assertThat(verdict).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.reason()).contains(reason);
            assertThat(refused.url()).isEqualTo(url);
        });
    }

    @Test
    void a_host_that_does_not_resolve_is_refused_in_both_modes() {
        for (EndpointPolicy policy : new EndpointPolicy[] {production, permissive}) {
            Verdict verdict = policy.check("https://gone.example.com/hook");

            assertThat(verdict).isEqualTo(new Refused("https://gone.example.com/hook",
                    "host gone.example.com does not resolve", true));
        }
    }

    @Test
    void a_resolver_failing_otherwise_is_a_refusal_not_an_exception() {
        EndpointPolicy policy = EndpointPolicy.production(host -> {
            throw new IllegalStateException("resolver down");
        });

        assertThat(policy.check("https://erp.example.com/")).isEqualTo(new Refused("https://erp.example.com/",
                "host erp.example.com could not be resolved (IllegalStateException)", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost:8080/hook", "http://[::1]:8080/hook",
            "http://10.0.0.7/hook", "https://127.0.0.1:8443/hook"})
    void permissive_mode_allows_http_and_loopback_for_tests_and_the_demo(String url) {
        assertThat(permissive.check(url).allowed()).isTrue();
        assertThat(permissive.mode()).isEqualTo(EndpointPolicy.Mode.PERMISSIVE);
    }

    @Test
    void the_insecure_endpoints_setting_picks_the_permissive_policy_and_its_absence_the_production_one() {
        assertThat(EndpointPolicy.forSetting(true).mode()).isEqualTo(EndpointPolicy.Mode.PERMISSIVE);
        assertThat(EndpointPolicy.forSetting(false).mode()).isEqualTo(EndpointPolicy.Mode.PRODUCTION);
        assertThat(EndpointPolicy.forSetting(false).check("http://127.0.0.1:8080/hook").allowed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://0.0.0.0:8080/hook",
            "http://224.0.0.1/hook", "http://[fe80::1]/hook", "http://[::ffff:169.254.169.254]/hook"})
    void even_permissive_mode_never_reaches_cloud_metadata_multicast_or_unspecified_addresses(String url) {
        assertThat(permissive.check(url)).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.unresolved()).isFalse();
            assertThat(refused.reason()).contains("link-local, multicast or unspecified");
        });
    }

    @Test
    void each_check_resolves_again_so_a_changed_answer_is_caught() {
        AtomicInteger lookups = new AtomicInteger();
        Map<String, InetAddress[]> dns = new HashMap<>(Map.of("erp.example.com", addresses("93.184.216.34")));
        EndpointPolicy policy = EndpointPolicy.production(host -> {
            lookups.incrementAndGet();
            return dns.get(host);
        });

        Verdict atRegistration = policy.check("https://erp.example.com/hook");
        dns.put("erp.example.com", addresses("169.254.169.254"));
        Verdict atDelivery = policy.check("https://erp.example.com/hook");

        assertThat(atRegistration.allowed()).isTrue();
        assertThat(atDelivery.allowed()).isFalse();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void control_characters_and_long_urls_are_tamed_in_messages() {
        String url = "https://erp.example.com/\r\nX-Injected: yes/" + "a".repeat(400);

        Refused refused = (Refused) production.check(url);

        assertThat(refused.url()).doesNotContain("\r", "\n").endsWith("…").hasSize(201);
    }

    private static InetAddress[] addresses(String... literals) {
        InetAddress[] addresses = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            try {
                addresses[i] = InetAddress.getByName(literals[i]);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(literals[i], e);
            }
        }
        return addresses;
    }
}
