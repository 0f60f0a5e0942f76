package io.mdg.rules.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.mdg.rules.policy.RulesFileException;

/**
 * Rules content: the hash identifies the content, not the formatting; the diff shows what a change changes; the
 * history answers the version in force at a time; a change that weakens a shipped control is named as unsafe.
 */
class RulesContentTest {

    static String shipped() {
        try (InputStream in = RulesContent.class.getClassLoader().getResourceAsStream(RulesFile.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void hashIsTheSameWhateverTheCommentsIndentationAndKeyOrder() {
        String a = "version: \"1\"\n# a comment\nlimits:\n  batchEntries: 10\n  pageSize: 20\n";
        String b = "limits: { pageSize: 20,   batchEntries: 10 }   # other comment\nversion: '1'\n";
        assertThat(RulesContent.hash(a)).isEqualTo(RulesContent.hash(b)).hasSize(64);
    }

    @Test
    void hashChangesWithAnyValueAndWithAValuesType() {
        String a = "version: \"1\"\nlimits: { batchEntries: 10 }\n";
        assertThat(RulesContent.hash(a)).isNotEqualTo(RulesContent.hash(a.replace("10", "11")))
                .isNotEqualTo(RulesContent.hash(a.replace("10", "\"10\"")));
    }

    @Test
    void shippedRulesCarryTheirDeclaredVersionAndHash() {
        RulesContent content = RulesContent.of(shipped(), "shipped");
        assertThat(content.version()).isEqualTo(RulesFile.loadDefault().policy().version());
        assertThat(content.hash()).isEqualTo(RulesContent.hash(shipped() + "\n# trailing comment\n"));
    }

    @Test
    void malformedRulesAreRefusedWithEveryProblem() {
        assertThatThrownBy(() -> RulesContent.of("version: \"1\"\nentities: [", "proposal"))
                .isInstanceOf(RulesFileException.class).hasMessageContaining("malformed YAML");
        assertThatThrownBy(() -> RulesContent.of("version: \"1\"\nentities: {}\nbogus: 1\n", "proposal"))
                .isInstanceOf(RulesFileException.class).hasMessageContaining("bogus")
                .hasMessageContaining("entities.SUPPLIER: is missing");
    }

    @Test
    void diffShowsTheChangedLinesOnly() {
        String before = "a: 1\nb: 2\nc: 3\n";
        String diff = RulesDiff.unified("in force", before, "proposed", before.replace("b: 2", "b: 5"));
        assertThat(diff).contains("--- in force", "+++ proposed", "-b: 2", "+b: 5", " a: 1");
        assertThat(RulesDiff.unified("x", before, "y", before)).isEmpty();
    }

    @Test
    void historyAnswersTheVersionInForceAtATime() {
        RulesHistory history = new RulesHistory();
        RulesContent first = RulesContent.of(shipped(), "first");
        RulesContent second = RulesContent.of(shipped().replace("pageSize: 500", "pageSize: 400"), "second");
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        Instant t1 = Instant.parse("2026-12-02T00:00:00Z");
        history.add(new RulesVersion(first, t0));
        history.add(new RulesVersion(second, t1));
        assertThat(history.at(t0.minusSeconds(1))).isEmpty();
        assertThat(history.at(t0).orElseThrow().hash()).isEqualTo(first.hash());
        assertThat(history.at(t1.minusMillis(1)).orElseThrow().hash()).isEqualTo(first.hash());
        assertThat(history.at(t1).orElseThrow().hash()).isEqualTo(second.hash());
        assertThat(history.latest().orElseThrow().hash()).isEqualTo(second.hash());
    }

    @Test
    void shippedRulesAreSafeAndStricterOnesToo() {
        assertThat(RulesChangeSafety.problems(RulesFile.loadDefault())).isEmpty();
        String stricter = shipped().replace(
                "legal-identity: { attributes: [legalName, taxId], owners: [ERP], risk: HIGH, approvals: 1 }",
                "legal-identity: { attributes: [legalName, taxId], owners: [ERP], risk: HIGH, approvals: 2 }");
        assertThat(stricter).isNotEqualTo(shipped());
        assertThat(RulesChangeSafety.problems(RulesFile.parse(stricter, "stricter"))).isEmpty();
    }

    @Test
    void removingEveryApprovalFromBankDetailsIsUnsafe() {
        String unsafe = shipped().replace("""
                      banking:
                        attributes: [bankAccount]
                        owners: [ERP]
                        risk: HIGH
                        steps:
                          - { role: supplier-steward, approvals: 1 }
                          - { role: finance-controller, approvals: 1 }
                        evidenceRequired: true
                        heldOnCreation: true
                """, """
                      banking:
                        attributes: [bankAccount]
                        owners: [ERP]
                        risk: LOW
                """);
        assertThat(unsafe).isNotEqualTo(shipped());
        assertThat(RulesChangeSafety.problems(RulesFile.parse(unsafe, "unsafe")))
                .anySatisfy(p -> assertThat(p).contains("banking (bankAccount): must stay HIGH risk"))
                .anySatisfy(p -> assertThat(p).contains("banking (bankAccount): must keep evidenceRequired"))
                .anySatisfy(p -> assertThat(p).contains("banking (bankAccount): must keep heldOnCreation"));
    }

    @Test
    void fewerApprovalsOrALostSegregationOfDutiesIsUnsafe() {
        String fewer = shipped().replace(
                "remit-to:       { attributes: [remitToAddress], owners: [ERP], risk: HIGH, approvals: 2 }",
                "remit-to:       { attributes: [remitToAddress], owners: [ERP], risk: HIGH, approvals: 1 }")
                .replace("          - { role: finance-controller, approvals: 1 }\n",
                        "          - { role: supplier-steward, approvals: 2 }\n")
                .replace("          - { role: supplier-steward, approvals: 1 }\n", "");
        assertThat(RulesChangeSafety.problems(RulesFile.parse(fewer, "fewer")))
                .anySatisfy(p -> assertThat(p).contains("remit-to (remitToAddress): needs at least 2 approval(s)"))
                .anySatisfy(p -> assertThat(p).contains("banking (bankAccount): must keep an approval step of"
                        + " finance-controller"));
    }

    @Test
    void switchingOffEscalationOrStewardFourEyesIsUnsafe() {
        String weaker = shipped().replace("    escalationRole: data-governance-lead\n", "")
                .replace("stewardActions: { merge: 1, lifecycle: { RETIRED: 1, ACTIVE: 1 } }",
                        "stewardActions: { merge: 0, lifecycle: { RETIRED: 1 } }")
                .replace("        heldChanges: [{ from: EXCLUDED, to: CLEAR, approvals: 1 }]\n", "");
        assertThat(RulesChangeSafety.problems(RulesFile.parse(weaker, "weaker")))
                .anySatisfy(p -> assertThat(p).contains("SUPPLIER.escalationRole: escalation must stay on"))
                .anySatisfy(p -> assertThat(p).contains("SUPPLIER.stewardActions.merge: needs at least 1"))
                .anySatisfy(p -> assertThat(p).contains("SUPPLIER.stewardActions.lifecycle.ACTIVE"))
                .anySatisfy(p -> assertThat(p).contains("screeningStatus EXCLUDED -> CLEAR): must stay held"));
    }
}
